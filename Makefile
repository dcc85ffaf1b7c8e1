# Convenience wrappers; the scripts work without make on a fresh Debian machine.
.PHONY: run test test-fast lint
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
test-fast:
	bash scripts/test.sh -m "not browser and not integration and not fault"
lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .
