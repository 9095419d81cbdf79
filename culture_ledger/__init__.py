"""Culture Ledger (机关文化建设台账): the host that wires the store, the plugins and the app."""
