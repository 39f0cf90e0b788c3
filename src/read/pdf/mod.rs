//! PDF reader (to be written): PDF bytes → Grid.
