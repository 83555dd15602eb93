import DarktraceAPI
import Testing

/// SHA-1 (RFC 3174), HMAC-SHA1 (RFC 2202) and the Darktrace signature vectors of CONTRACT §2.
@Suite struct SHA1Tests {
    /// RFC 3174 §7.3 vectors plus padding boundaries; all checked with Python's hashlib.
    @Test(arguments: [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        (String(repeating: "01234567", count: 80), "dea356a2cddd90c7a7ecedc5ebb563934f460452"),
        (String(repeating: "x", count: 55), "cef734ba81a024479e09eb5a75b6ddae62e6abf1"),
        (String(repeating: "x", count: 56), "901305367c259952f4e7af8323f480d59f81335b"),
        (String(repeating: "x", count: 63), "0ddc4e0cccd9a12850deb5abb0853a4425559fec"),
        (String(repeating: "x", count: 64), "bb2fa3ee7afb9f54c6dfb5d021f14b1ffe40c163"),
        (String(repeating: "x", count: 65), "78c741ddc482e4cdf8c474a0876347a0905b6233"),
        ("é😀", "9c286deb5d7549eafd1dcb2b58e0b573bc1b4a97"),
    ])
    func sha1(_ message: String, _ digest: String) {
        #expect(hex(SHA1.hash(Array(message.utf8))) == digest)
    }

    @Test func oneMillionA() {
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(hex(SHA1.hash(message)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test func digestIsTwentyBytes() {
        #expect(SHA1.hash(Array("abc".utf8)) == [
            0xA9, 0x99, 0x3E, 0x36, 0x47, 0x06, 0x81, 0x6A, 0xBA, 0x3E,
            0x25, 0x71, 0x78, 0x50, 0xC2, 0x6C, 0x9C, 0xD0, 0xD8, 0x9D,
        ])
    }

    /// RFC 2202 §3 test cases 1–7, plus a key of exactly one block (Python's hmac agrees).
    @Test(arguments: [
        ([UInt8](repeating: 0x0B, count: 20), Array("Hi There".utf8), "b617318655057264e28bc0b6fb378c8ef146be00"),
        (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
        ([UInt8](repeating: 0xAA, count: 20), [UInt8](repeating: 0xDD, count: 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
        (Array(1...25), [UInt8](repeating: 0xCD, count: 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da"),
        ([UInt8](repeating: 0x0C, count: 20), Array("Test With Truncation".utf8), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"),
        ([UInt8](repeating: 0xAA, count: 80), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
        ([UInt8](repeating: 0xAA, count: 80),
         Array("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data".utf8),
         "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
        ([UInt8](repeating: UInt8(ascii: "k"), count: 64), Array("exactly one block key".utf8),
         "1a107a9c53e5d5f87756a45cd8f1eba498d560c3"),
    ] as [([UInt8], [UInt8], String)])
    func hmacSHA1(_ key: [UInt8], _ message: [UInt8], _ mac: String) {
        #expect(hex(HMACSHA1.authenticationCode(key: key, message: message)) == mac)
    }

    @Test func hexDigestTakesUTF8Text() {
        #expect(HMACSHA1.hexDigest(key: "Jefe", message: "what do ya want for nothing?")
            == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    /// CONTRACT §2: public "test_public_token", private "test_private_token".
    @Test(arguments: [
        ("/devices", "2025-01-15 12:30:00", "e3c82b28eb735735b9d288d6d2d63b14cba2e008"),
        ("/devices?aparam=aval&mparam=mval&zparam=zval", "2025-06-01 00:00:00", "2f247e5248b933fccf527bebc479248613c320a4"),
        ("/time", "20240101T120000", "1bbee948c981eb45f36c08e529a49912b3234d2c"),
    ])
    func darktraceVectors(_ signed: String, _ date: String, _ signature: String) {
        let signer = RequestSigner(publicToken: "test_public_token", privateToken: "test_private_token")
        #expect(signer.signature(signed: signed, date: date) == signature)
        let headers = signer.headers(signed: signed, date: date)
        #expect(headers.map(\.name) == ["DTAPI-Token", "DTAPI-Date", "DTAPI-Signature"])
        #expect(headers.map(\.value) == ["test_public_token", date, signature])
    }

    @Test func hexIsLowercase() {
        #expect(hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(hex([]) == "")
    }
}
