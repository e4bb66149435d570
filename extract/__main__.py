from extract.cli import main

main()
