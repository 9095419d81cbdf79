"""The core's own pages (home, people); plugins keep theirs in their packages."""
