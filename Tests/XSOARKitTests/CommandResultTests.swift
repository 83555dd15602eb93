import OrderedJSON
import Testing
import XSOARKit

/// CommandResult.entry() and Entry.error as exact compact JSON bytes (CommandResults.to_context / return_error).
@Suite struct CommandResultTests {
    private func result(_ outputs: String, key: String? = nil, prefix: String = "Darktrace.ModelBreach",
                        readable: String = "### T\n") throws -> CommandResult {
        CommandResult(outputsPrefix: prefix, outputsKeyField: key, outputs: try JSONParser.parse(outputs),
                      readableOutput: readable)
    }

    @Test func outputsObjectWithKeyField() throws {
        let r = try result(#"{"pbid":95,"score":0.729,"model":{"tags":[]}}"#, key: "pbid",
                           readable: "### Darktrace Model Breach 95\n|pbid|\n|---|\n| 95 |\n")
        #expect(r.contextKey == "Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":{"pbid":95,"score":0.729,"model":{"tags":[]}},"HumanReadable":"### Darktrace Model Breach 95\n|pbid|\n|---|\n| 95 |\n","EntryContext":{"Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)":{"pbid":95,"score":0.729,"model":{"tags":[]}}},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    @Test func nestedKeyField() throws {
        let r = try result(#"{"devices":[{"did":1}]}"#, key: "devices.did", prefix: "Darktrace.DeviceIdentityInfo")
        #expect(r.contextKey == "Darktrace.DeviceIdentityInfo(val.devices.did && val.devices.did == obj.devices.did)")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":{"devices":[{"did":1}]},"HumanReadable":"### T\n","EntryContext":{"Darktrace.DeviceIdentityInfo(val.devices.did && val.devices.did == obj.devices.did)":{"devices":[{"did":1}]}},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    @Test func outputsObjectWithoutKeyField() throws {
        let r = try result(#"{"ip":"1.2.3.4","big":12345678901234567890}"#, prefix: "Darktrace.ExternalEndpointDetails",
                           readable: "### Ip: 1.2.3.4 details\n")
        #expect(r.contextKey == "Darktrace.ExternalEndpointDetails")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":{"ip":"1.2.3.4","big":12345678901234567890},"HumanReadable":"### Ip: 1.2.3.4 details\n","EntryContext":{"Darktrace.ExternalEndpointDetails":{"ip":"1.2.3.4","big":12345678901234567890}},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    @Test func outputsList() throws {
        let r = try result(#"[{"a":"é\n"}]"#, prefix: "Darktrace.EntityDetails", readable: "### Results:\n")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":[{"a":"é\n"}],"HumanReadable":"### Results:\n","EntryContext":{"Darktrace.EntityDetails":[{"a":"é\n"}]},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    /// `{}` outputs: the context still holds `{}` under the key (as Python writes it); Contents is `{}`.
    @Test func emptyObjectOutputs() throws {
        let r = try result("{}", key: "pbid")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":{},"HumanReadable":"### T\n","EntryContext":{"Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)":{}},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    /// `[]` outputs: no context at all, Contents `{}`.
    @Test func emptyListOutputs() throws {
        let r = try result("[]", key: "pbid")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":{},"HumanReadable":"### T\n","EntryContext":{},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    @Test func nullOutputs() throws {
        let r = try result("null", prefix: "Darktrace.DeviceConnectionInfo", readable: "No details were retrieved for the given parameters")
        #expect(r.entry().compactJSON() == ####"{"Type":1,"ContentsFormat":"json","Contents":{},"HumanReadable":"No details were retrieved for the given parameters","EntryContext":{},"IndicatorTimeline":[],"IgnoreAutoExtract":false,"Note":false,"Relationships":[]}"####)
    }

    @Test func entryKeyOrder() throws {
        let keys = try result(#"{"a":1}"#).entry().objectValue?.keys
        #expect(keys == ["Type", "ContentsFormat", "Contents", "HumanReadable", "EntryContext", "IndicatorTimeline",
                         "IgnoreAutoExtract", "Note", "Relationships"])
    }

    @Test(arguments: [
        ("darktrace-get-breach", "boom",
         #"{"Type":4,"ContentsFormat":"text","Contents":"Failed to execute darktrace-get-breach command.\nError:\nboom","EntryContext":null}"#),
        ("test-module", "Error in API call [500] - Internal Server Error\n{\"error\": \"x\"}",
         #"{"Type":4,"ContentsFormat":"text","Contents":"Failed to execute test-module command.\nError:\nError in API call [500] - Internal Server Error\n{\"error\": \"x\"}","EntryContext":null}"#),
        ("fetch-incidents", "tab\there \u{1}",
         #"{"Type":4,"ContentsFormat":"text","Contents":"Failed to execute fetch-incidents command.\nError:\ntab\there \u0001","EntryContext":null}"#),
    ])
    func errorEntry(_ command: String, _ detail: String, _ expected: String) {
        #expect(Entry.error(command: command, detail: detail).compactJSON() == expected)
    }
}
