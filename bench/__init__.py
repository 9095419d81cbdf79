"""The benchmark suite (`make bench`, not part of `make test`): the ledger at scale, each
figure measured side by side with the raw speed of its own storage in the same run."""
