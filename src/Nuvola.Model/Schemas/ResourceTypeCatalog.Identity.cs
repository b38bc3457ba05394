using static Nuvola.Model.Schemas.SchemaBuilder;

namespace Nuvola.Model.Schemas;

public static partial class ResourceTypeCatalog
{
    private static PropertySchema RoleList() =>
        ListOfMaps("roles", Str("role").Req().Custom("keystone.role"), Str("project").Custom("keystone.project"), Str("domain").Custom("keystone.domain")).Upd();

    private static IEnumerable<ResourceTypeSchema> Identity() =>
    [
        Type("OS::Keystone::Project", "Identity",
        [
            Str("name").Upd(), Str("domain").Upd().Def("default").Custom("keystone.domain"), Str("description").Upd().Def(""),
            Bool("enabled").Upd().Def(true), Str("parent").Custom("keystone.project"), List("tags").Upd(),
        ],
        "name", "parent_id", "domain_id", "enabled", "description", "is_domain"),

        Type("OS::Keystone::User", "Identity",
        [
            Str("name").Upd(), Str("domain").Upd().Def("default").Custom("keystone.domain"), Str("description").Upd().Def(""),
            Bool("enabled").Upd().Def(true), Str("email").Upd(), Str("password").Upd().Secret(),
            Str("default_project").Upd().Custom("keystone.project"), List("groups").Upd(), RoleList(),
        ],
        "name", "default_project_id", "domain_id", "enabled", "password_expires_at"),

        Type("OS::Keystone::Role", "Identity", [Str("name").Upd(), Str("domain").Def("default").Custom("keystone.domain")]),

        Type("OS::Keystone::UserRoleAssignment", "Identity", [Str("user").Req().Upd().Custom("keystone.user"), RoleList()]),

        Type("OS::Keystone::GroupRoleAssignment", "Identity", [Str("group").Req().Upd().Custom("keystone.group"), RoleList()]),
    ];
}
