"""Exit statuses of every command: 0 no findings, 1 findings, 2 a usage, configuration
or input error."""

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
