//! What a command leaves for the end of the process.

/// Leaves `project` (or any large value) unfreed: the command ends right
/// after, and the operating system takes the memory back at once, while
/// freeing the strings of a 500,000-span project one by one takes about a
/// tenth of a second.
pub fn leave_for_exit<T>(value: T) {
    std::mem::forget(value);
}
