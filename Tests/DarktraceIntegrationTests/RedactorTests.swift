@testable import DarktraceIntegration
import OrderedJSON
import Testing
import XSOARKit

/// The last line of defence: tokens in outgoing text become `<redacted>`, byte for byte.
@Suite struct RedactorTests {
    let redactor = Redactor(params: InstanceParams(JSONObject([
        "public_api_token": .string("public-token-1"),
        "private_api_token": .object(JSONObject(["password": .string("private-secret-2")])),
    ])))

    @Test func everyOccurrenceOfEitherTokenIsReplaced() {
        #expect(redactor.redact("a private-secret-2 b public-token-1 c private-secret-2")
                == "a <redacted> b <redacted> c <redacted>")
    }

    /// A combining mark after a token makes its last letter another Character: a Character-level
    /// search would miss it and leak the token.
    @Test func tokenFollowedByACombiningMarkIsStillReplaced() {
        let redacted = redactor.redact("x=private-secret-2\u{301}")
        #expect(!redacted.utf8.elementsEqual("private-secret-2".utf8))
        #expect(Array(redacted.utf8) == Array("x=<redacted>\u{301}".utf8))
    }

    /// The token `q'"\é-secret` (one backslash) in each form a message can carry it: raw, json.dumps (both ways),
    /// and the later integrations' b'...' quote of a body holding the raw or the escaped token.
    @Test(arguments: [
        #"q'"\é-secret"#,
        #"q'\"\\\u00e9-secret"#,
        #"q'\"\\é-secret"#,
        #"q\'"\\\xc3\xa9-secret"#,
        #"q'\"\\\xc3\xa9-secret"#,
        #"q\'\\"\\\\\\u00e9-secret"#,
        #"q'\\\"\\\\\\u00e9-secret"#,
    ])
    func escapedFormsAreReplaced(_ form: String) {
        let redactor = Redactor(params: InstanceParams(JSONObject(["privateApiKey": .string(#"q'"\é-secret"#)])))
        #expect(redactor.redact("<\(form)>") == "<<redacted>>")
    }

    @Test func bytesReprFormsMatchPythonsQuoting() {
        // Inside b'...' (Python's choice when the body holds both quotes) ' is escaped; inside b"..." it is not.
        #expect(Redactor.bytesReprForms(of: "it's é") == [#"it\'s \xc3\xa9"#, #"it's \xc3\xa9"#])
    }

    @Test func textWithoutTokensIsUnchanged() {
        #expect(redactor.redact("nothing secret here") == "nothing secret here")
    }
}
