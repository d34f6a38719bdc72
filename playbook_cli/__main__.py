"""Allow `python -m playbook_cli`."""

from playbook_cli.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess test
    main()
