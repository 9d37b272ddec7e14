"""One pane per module.  Panes talk upward with Messages and downward through methods."""
