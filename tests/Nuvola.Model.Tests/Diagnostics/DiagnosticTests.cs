using Nuvola.Model.Diagnostics;

namespace Nuvola.Model.Tests.Diagnostics;

public sealed class DiagnosticTests
{
    [Fact]
    public void A_located_diagnostic_reads_file_line_column_then_severity_code_message_and_hint()
    {
        var diagnostic = new Diagnostic(
            Severity.Error,
            "HOT012",
            "resource 'port' is not declared",
            new SourceSpan("fg-instance.hot.yaml", 14, 9, "resources.server.properties.networks[0].port"),
            "declare it under resources, or use get_resource on an existing one");

        var text = diagnostic.ToString();

        Assert.Equal("fg-instance.hot.yaml:14:9: error HOT012: resource 'port' is not declared (hint: declare it under resources, or use get_resource on an existing one)", text);
    }

    [Fact]
    public void A_diagnostic_without_a_span_or_hint_is_just_severity_code_and_message()
    {
        var diagnostic = new Diagnostic(Severity.Warning, "ENV001", "event_sinks are ignored");

        Assert.Equal("warning ENV001: event_sinks are ignored", diagnostic.ToString());
    }
}
