from focco247.cli import main

main()
