//! One gzip member decompressed in one call by libdeflate, which is about twice as fast as
//! streaming zlib on web archives and, unlike its safe wrapper, says where the member ended. The
//! only `unsafe` in parallax: three FFI calls on slices whose bounds are passed with them.

use std::ptr::NonNull;

use libdeflate_sys as sys;

/// What decompressing one member gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Member {
    /// A whole member: its compressed length and the bytes written.
    Done {
        /// Compressed bytes the member took, header and trailer included.
        consumed: usize,
        /// Bytes written to the output.
        produced: usize,
    },
    /// The output buffer is too small.
    OutputFull,
    /// Not a valid member within the input (damaged, or cut short by the end of the input).
    Bad,
}

/// A libdeflate decompressor (its state is reused between members).
pub(crate) struct Inflater(NonNull<sys::libdeflate_decompressor>);

// The decompressor is plain heap state with no thread affinity; `&mut self` keeps it to one
// thread at a time.
#[expect(unsafe_code, reason = "libdeflate's decompressor may move between threads")]
unsafe impl Send for Inflater {}

impl Inflater {
    /// A new decompressor; `None` when memory is short.
    pub(crate) fn new() -> Option<Inflater> {
        #[expect(unsafe_code, reason = "FFI allocation; null is checked")]
        let raw = unsafe { sys::libdeflate_alloc_decompressor() };
        NonNull::new(raw).map(Inflater)
    }

    /// Decompresses the gzip member at the start of `input` into `output` (trailing bytes after
    /// the member are left alone), checking its CRC-32 and length.
    pub(crate) fn member(&mut self, input: &[u8], output: &mut [u8]) -> Member {
        let (mut consumed, mut produced) = (0usize, 0usize);
        #[expect(unsafe_code, reason = "FFI call; every pointer comes with its slice's length")]
        let result = unsafe {
            sys::libdeflate_gzip_decompress_ex(
                self.0.as_ptr(),
                input.as_ptr().cast(),
                input.len(),
                output.as_mut_ptr().cast(),
                output.len(),
                &mut consumed,
                &mut produced,
            )
        };
        match result {
            sys::libdeflate_result_LIBDEFLATE_SUCCESS => Member::Done { consumed, produced },
            sys::libdeflate_result_LIBDEFLATE_INSUFFICIENT_SPACE => Member::OutputFull,
            _ => Member::Bad,
        }
    }
}

impl Drop for Inflater {
    fn drop(&mut self) {
        #[expect(unsafe_code, reason = "FFI free of the pointer allocated in `new`, once")]
        unsafe {
            sys::libdeflate_free_decompressor(self.0.as_ptr())
        };
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).expect("compress");
        encoder.finish().expect("compress")
    }

    #[test]
    fn members_end_where_they_end() {
        let (first, second) = (gzip(b"WARC/1.1 first"), gzip(b"WARC/1.1 second record"));
        let joined = [first.clone(), second].concat();
        let mut inflater = Inflater::new().expect("memory");
        let mut out = vec![0u8; 1024];
        let Member::Done { consumed, produced } = inflater.member(&joined, &mut out) else {
            panic!("first member")
        };
        assert_eq!((consumed, &out[..produced]), (first.len(), &b"WARC/1.1 first"[..]));
        let Member::Done { produced, .. } = inflater.member(&joined[consumed..], &mut out) else {
            panic!("second member")
        };
        assert_eq!(&out[..produced], b"WARC/1.1 second record");
    }

    #[test]
    fn short_output_damage_and_truncation_are_told_apart_from_success() {
        let member = gzip(&[b'x'; 5000]);
        let mut inflater = Inflater::new().expect("memory");
        assert_eq!(inflater.member(&member, &mut [0u8; 100]), Member::OutputFull);
        assert_eq!(inflater.member(&member[..member.len() - 3], &mut [0u8; 8000]), Member::Bad);
        let mut damaged = member.clone();
        let last = damaged.len() - 6;
        damaged[last] ^= 0xff;
        assert_eq!(inflater.member(&damaged, &mut [0u8; 8000]), Member::Bad, "CRC checked");
        assert_eq!(inflater.member(b"not gzip", &mut [0u8; 10]), Member::Bad);
    }
}
