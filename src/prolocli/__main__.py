from prolocli.cli import main

main()
