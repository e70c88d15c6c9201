//! What every JUnit XML report writes with: events into memory, and text that XML 1.0 can hold.

use quick_xml::events::Event;
use quick_xml::Writer;

/// Writes one event. Writing XML into memory does not fail.
pub fn emit(w: &mut Writer<Vec<u8>>, event: Event<'_>) {
    w.write_event(event)
        .expect("writing XML into memory does not fail");
}

/// Text without the characters XML 1.0 cannot hold even escaped (control characters other than
/// tab and newline), which a vendor's response or a spec may contain.
///
/// ```
/// assert_eq!(faceauth_reports::junit::clean("a\u{1}b\tc\n"), "a\u{FFFD}b\tc\n");
/// ```
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}
