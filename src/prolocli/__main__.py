from prolocli.entry import main

main()
