//! Adapters: work items from the exports teams already have. Each reads a string (the
//! caller reads the file), never the network.
