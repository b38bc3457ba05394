using static Nuvola.Model.Schemas.SchemaBuilder;

namespace Nuvola.Model.Schemas;

public static partial class ResourceTypeCatalog
{
    /// <summary>The resource types that hold other resources' definitions (validated against the inner type too).</summary>
    public static readonly IReadOnlyDictionary<string, string> DefinitionProperty = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OS::Heat::ResourceGroup"] = "resource_def",
        ["OS::Heat::AutoScalingGroup"] = "resource",
    };

    private static IEnumerable<ResourceTypeSchema> Orchestration() =>
    [
        Type("OS::Heat::ResourceGroup", "Orchestration",
        [
            Int("count").Upd().Def(1L).Range(0, null), Str("index_var").Upd().Def("%index%"),
            Map("resource_def", Str("type").Req(), Map("properties"), Map("metadata")).Req().Upd(),
            ListOfMaps("removal_policies", List("resource_list")).Upd(),
            Str("removal_policies_mode").Upd().Def("append").Allowed("append", "update"),
        ],
        "refs", "refs_map", "attributes", "removed_rsrc_list") with { OpenAttributes = true },

        Type("OS::Heat::AutoScalingGroup", "Orchestration",
        [
            Map("resource").Req().Upd(), Int("max_size").Req().Upd().Range(0, null), Int("min_size").Req().Upd().Range(0, null),
            Int("cooldown").Upd(), Int("desired_capacity").Upd(),
            Map("rolling_updates", Int("min_in_service"), Int("max_batch_size"), Num("pause_time")).Upd(),
        ],
        "outputs", "outputs_list", "current_size", "refs", "refs_map"),

        Type("OS::Heat::ScalingPolicy", "Orchestration",
        [
            Str("auto_scaling_group_id").Req(),
            Str("adjustment_type").Req().Upd().Allowed("change_in_capacity", "exact_capacity", "percent_change_in_capacity"),
            Num("scaling_adjustment").Req().Upd(), Num("cooldown").Upd(), Int("min_adjustment_step").Upd().Range(0, null),
        ],
        "alarm_url", "signal_url"),

        Type("OS::Heat::RandomString", "Orchestration",
        [
            Int("length").Def(32L).Range(1, 512),
            Str("sequence").Allowed("lettersdigits", "letters", "lowercase", "uppercase", "digits", "hexdigits", "octdigits"),
            ListOfMaps("character_classes",
                Str("class").Req().Def("lettersdigits").Allowed("lettersdigits", "letters", "lowercase", "uppercase", "digits", "hexdigits", "octdigits"),
                Int("min").Def(1L).Range(1, 512)),
            ListOfMaps("character_sequences", Str("sequence").Req(), Int("min").Def(1L).Range(1, 512)),
            Str("salt").Upd(),
        ],
        "value"),

        Type("OS::Heat::Value", "Orchestration",
        [
            AnyValue("value").Req().Upd(),
            Str("type").Upd().Allowed("string", "number", "comma_delimited_list", "json", "boolean"),
        ],
        "value"),

        Type("OS::Heat::None", "Orchestration", []) with { OpenProperties = true, OpenAttributes = true },

        Type("OS::Heat::TestResource", "Orchestration",
        [
            Str("value").Upd().Def("test_string"), Bool("update_replace").Upd().Def(false), Bool("fail").Upd().Def(false),
            Str("client_name").Def(""), Str("entity_name").Def(""), Num("wait_secs").Upd().Def(0L), Map("action_wait_secs").Upd(),
            Num("attr_wait_secs").Upd().Def(0L), Num("constraint_prop_secs").Upd().Def(0L), Str("update_replace_value").Upd(),
        ],
        "output"),

        Type("OS::Heat::SoftwareConfig", "Orchestration",
        [
            Str("group").Def("Heat::Ungrouped"), Str("config"), Map("options"),
            ListOfMaps("inputs", Str("name").Req(), Str("description"), Str("type").Def("String").Allowed("String", "Number", "CommaDelimitedList", "Json", "Boolean"),
                AnyValue("default"), Bool("replace_on_change").Def(false)),
            ListOfMaps("outputs", Str("name").Req(), Str("description"), Str("type").Def("String").Allowed("String", "Number", "CommaDelimitedList", "Json", "Boolean"),
                Bool("error_output").Def(false)),
        ],
        "config"),

        Type("OS::Heat::StructuredConfig", "Orchestration",
        [
            Str("group").Def("Heat::Ungrouped"), Map("config"), Map("options"), List("inputs"), List("outputs"),
        ],
        "config"),

        Type("OS::Heat::CloudConfig", "Orchestration", [Map("cloud_config")], "config"),

        Type("OS::Heat::MultipartMime", "Orchestration",
        [
            ListOfMaps("parts", Str("config").Req(), Str("filename"), Str("type").Def("text").Allowed("text", "multipart"), Str("subtype")),
            Str("group").Def("Heat::Ungrouped"),
        ],
        "config"),

        Deployment("OS::Heat::SoftwareDeployment", structured: false),
        Deployments("OS::Heat::SoftwareDeployments", structured: false),
        Deployments("OS::Heat::SoftwareDeploymentGroup", structured: false),
        Deployment("OS::Heat::StructuredDeployment", structured: true),
        Deployments("OS::Heat::StructuredDeployments", structured: true),
        Deployments("OS::Heat::StructuredDeploymentGroup", structured: true),

        Type("OS::Heat::WaitCondition", "Orchestration",
        [
            Str("handle").Req(), Num("timeout").Def(3600L).Range(1, 43200), Int("count").Upd().Def(1L).Range(1, null),
        ],
        "data"),

        Type("OS::Heat::WaitConditionHandle", "Orchestration",
        [
            Str("signal_transport").Def("TOKEN_SIGNAL").Allowed("CFN_SIGNAL", "TEMP_URL_SIGNAL", "HEAT_SIGNAL", "NO_SIGNAL", "ZAQAR_SIGNAL", "TOKEN_SIGNAL"),
        ],
        "token", "endpoint", "curl_cli", "signal"),

        Type("OS::Heat::Stack", "Orchestration",
        [
            Map("context", Str("region_name"), Str("cloud")), Str("template").Req().Upd(), Num("timeout").Upd(), Map("parameters").Upd(),
        ],
        "outputs", "stack_name") with { OpenAttributes = true },
    ];

    private static PropertySchema[] DeploymentProperties(PropertySchema target, bool structured) =>
    [
        Str("config").Upd(), target, Map("input_values").Upd(),
        List("actions").Upd().Def(new List<object?> { "CREATE", "UPDATE" }),
        Str("signal_transport").Def("CFN_SIGNAL").Allowed("CFN_SIGNAL", "TEMP_URL_SIGNAL", "HEAT_SIGNAL", "NO_SIGNAL", "ZAQAR_SIGNAL"),
        Str("name"),
        .. structured ? [Str("input_key").Def("get_input"), Str("input_values_validate").Def("LAX").Allowed("LAX", "STRICT")] : Array.Empty<PropertySchema>(),
    ];

    /// <summary>One server (SoftwareDeployment; StructuredDeployment adds input_key and input_values_validate).</summary>
    private static ResourceTypeSchema Deployment(string type, bool structured) =>
        Type(type, "Orchestration", DeploymentProperties(Str("server").Req().Custom("nova.server"), structured),
            "deploy_stdout", "deploy_stderr", "deploy_status_code").WithOpenAttributes();

    /// <summary>A map of servers, one deployment each (SoftwareDeployments, its alias …Group, and the structured ones).</summary>
    private static ResourceTypeSchema Deployments(string type, bool structured) =>
        Type(type, "Orchestration", DeploymentProperties(Map("servers").Req().Upd(), structured),
            "deploy_stdouts", "deploy_stderrs", "deploy_status_codes").WithOpenAttributes();

    /// <summary>A deployment's attributes include its config's declared outputs.</summary>
    private static ResourceTypeSchema WithOpenAttributes(this ResourceTypeSchema schema) => schema with { OpenAttributes = true };
}
