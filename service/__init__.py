"""HTTP service, CLI, storage and calendar export."""
