"""What editors and maintainers run (through tasks.py): check, the dev server,
publish, new, bench, the local server."""
