// Placeholder until this target's owner lands its code; delete when adding the first real file.
