// Placeholder: tests come with the target.
