"""Socket.IO: thin event handlers, rooms, and the publisher that sends events after commit."""
