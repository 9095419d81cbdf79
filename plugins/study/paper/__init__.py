"""年撰一文, the annual paper: each cadre's one theory article or research report a year, from draft to grade."""
