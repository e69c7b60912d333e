"""Checks what Bicep cannot: the Azure rules a Flex Consumption deployment must keep, over the templates as Azure would
expand them. Prints one line; exits 1 on a problem.

Inputs (made by check.sh): `bicep snapshot` of each parameter file (the ARM engine's own offline evaluation of the
compiled template: parameters, variables, conditions, loops and fail() resolved, runtime values left as expressions),
`bicep build` of main.bicep (for how role assignments are named), the `dotnet publish` folder of the function app
(bindings, target framework, packages) and flex-rules.json (Azure's documented limits; sources in docs/azure.md).

    python3 check_policy.py RULES COMPILED PUBLISH SNAPSHOT [SNAPSHOT...]
"""
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

SITES = "microsoft.web/sites"
SITE_CONFIG = "microsoft.web/sites/config"
PLANS = "microsoft.web/serverfarms"
COMPONENTS = "microsoft.insights/components"
ROLE_ASSIGNMENTS = "microsoft.authorization/roleassignments"
MYSQL = "microsoft.dbformysql/flexibleservers"
MYSQL_FIREWALL = "microsoft.dbformysql/flexibleservers/firewallrules"
STORAGE = "microsoft.storage/storageaccounts"
CONTAINERS = "microsoft.storage/storageaccounts/blobservices/containers"
QUEUES = "microsoft.storage/storageaccounts/queueservices/queues"
VAULTS = "microsoft.keyvault/vaults"
VNETS = "microsoft.network/virtualnetworks"
ENDPOINTS = "microsoft.network/privateendpoints"
ENDPOINT_DNS = "microsoft.network/privateendpoints/privatednszonegroups"
MONITORING_METRICS_PUBLISHER = "3913510d-42f4-4e42-8a64-420c390055eb"
# The first Microsoft.Azure.Functions.Worker.ApplicationInsights that gives the worker's TelemetryConfiguration a
# managed identity credential from APPLICATIONINSIGHTS_AUTHENTICATION_STRING (azure-functions-dotnet-worker #2217).
WORKER_TELEMETRY_PACKAGE = "Microsoft.Azure.Functions.Worker.ApplicationInsights"
WORKER_TELEMETRY_MIN_VERSION = (1, 3, 0)
STORAGE_TRIGGERS = {"queueTrigger", "blobTrigger", "queue", "blob"}


@dataclass
class Publish:
    """What the published app tells about itself."""
    bindings: list       # (function name, binding dict)
    language: str        # worker.config.json
    target_framework: str  # runtimeconfig.json tfm, e.g. net10.0
    packages: dict       # deps.json library name -> version


def load_publish(folder):
    folder = Path(folder)
    worker = json.loads((folder / "worker.config.json").read_text())["description"]
    stem = Path(worker["defaultWorkerPath"]).stem
    runtime = json.loads((folder / f"{stem}.runtimeconfig.json").read_text())["runtimeOptions"]
    deps = json.loads((folder / f"{stem}.deps.json").read_text())
    packages = dict(name.split("/", 1) for name in deps.get("libraries", {}))
    bindings = [(f["name"], b) for f in json.loads((folder / "functions.metadata").read_text()) for b in f.get("bindings", [])]
    return Publish(bindings, worker["language"], runtime["tfm"], packages)


def typed(resources, kind):
    return [r for r in resources if r.get("type", "").lower() == kind]


def is_expression(value):
    return isinstance(value, str) and value.startswith("[") and value.endswith("]")


def version_tuple(text):
    return tuple(int(p) for p in re.findall(r"\d+", text)[:3])


def app_settings(site, resources):
    """Every app setting a site gets: siteConfig.appSettings and its config/appsettings resource."""
    settings = {s["name"]: s.get("value") for s in site.get("properties", {}).get("siteConfig", {}).get("appSettings", [])}
    for config in typed(resources, SITE_CONFIG):
        if config["name"].lower() == f"{site['name']}/appsettings".lower():
            props = config.get("properties", {})
            if not isinstance(props, dict):
                raise ValueError(f"the app settings of site '{site['name']}' are not known before deployment ({props!r:.80})")
            settings.update(props)
    return settings


def site_configs(site, resources):
    """siteConfig, and a config/web resource, which Azure merges into it."""
    configs = [site.get("properties", {}).get("siteConfig", {})]
    configs += [c.get("properties", {}) for c in typed(resources, SITE_CONFIG) if c["name"].lower() == f"{site['name']}/web".lower()]
    return configs


def flex_sites(resources):
    flex_plans = {p["id"].lower() for p in typed(resources, PLANS)
                  if p.get("sku", {}).get("tier") == "FlexConsumption" or p.get("sku", {}).get("name") == "FC1"}
    return [s for s in typed(resources, SITES)
            if str(s.get("properties", {}).get("serverFarmId", "")).lower() in flex_plans
            or "functionAppConfig" in s.get("properties", {})]


def site_identities(site):
    """The expressions a role assignment or setting would use to name this site's identities."""
    identity = site.get("identity", {})
    found = list(identity.get("userAssignedIdentities", {}))
    if "SystemAssigned" in identity.get("type", ""):
        found.append(site["id"])
    return found


def check_site_config(site, resources, rules):
    for config in site_configs(site, resources):
        for key in config:
            if key in rules["deprecatedSiteConfig"]:
                yield f"flex-site-config: site '{site['name']}' sets siteConfig.{key}, which Flex Consumption rejects"
        if config.get("alwaysOn") is True:
            yield f"flex-site-config: site '{site['name']}' sets alwaysOn: true; Flex Consumption apps scale to zero (alwaysOn: false)"


def check_app_settings(site, settings, rules):
    deprecated = {name.upper() for name in rules["deprecatedAppSettings"]}
    for name in settings:
        if name.upper() in deprecated:
            yield f"flex-app-settings: site '{site['name']}' sets {name}, which Flex Consumption rejects or ignores"


def check_runtime(site, publish, rules, today):
    runtime = site["properties"].get("functionAppConfig", {}).get("runtime", {})
    name, version = runtime.get("name"), str(runtime.get("version"))
    offered = rules["runtimes"].get(name)
    if offered is None:
        yield f"flex-runtime: site '{site['name']}' runtime '{name}' is not one Flex Consumption offers ({sorted(rules['runtimes'])})"
        return
    if name != publish.language:
        yield f"flex-runtime: site '{site['name']}' runtime '{name}' but the published worker is '{publish.language}'"
    if version not in offered:
        yield f"flex-runtime: site '{site['name']}' runtime version {version} is not one Flex Consumption offers for {name} ({sorted(offered)})"
        return
    if date.fromisoformat(offered[version]) < today:
        yield f"flex-runtime: {name} {version} reached end of support on {offered[version]}"
    framework = re.fullmatch(r"net(\d+\.\d+)", publish.target_framework)
    if framework is None or framework.group(1) != version:
        yield f"flex-runtime: site '{site['name']}' runs {name} {version} but the app targets {publish.target_framework}"


def check_scale(site, rules):
    scale = site["properties"].get("functionAppConfig", {}).get("scaleAndConcurrency", {})
    memory, count = scale.get("instanceMemoryMB"), scale.get("maximumInstanceCount")
    if memory not in rules["instanceMemoryMB"]:
        yield f"flex-scale: site '{site['name']}' instanceMemoryMB {memory!r} is not one of {rules['instanceMemoryMB']}"
    bounds = rules["maximumInstanceCount"]
    if not isinstance(count, int) or not bounds["min"] <= count <= bounds["max"]:
        yield f"flex-scale: site '{site['name']}' maximumInstanceCount {count!r} is outside {bounds['min']}..{bounds['max']}"


def check_deployment_storage(site, resources, rules):
    storage = site["properties"].get("functionAppConfig", {}).get("deployment", {}).get("storage", {})
    kind, auth = storage.get("type"), storage.get("authentication", {})
    if kind not in rules["deploymentStorageTypes"]:
        yield f"flex-deployment: site '{site['name']}' deployment storage type {kind!r} is not one of {rules['deploymentStorageTypes']}"
    if auth.get("type") not in rules["deploymentAuthenticationTypes"]:
        yield f"flex-deployment: site '{site['name']}' deployment authentication {auth.get('type')!r} is not one of {rules['deploymentAuthenticationTypes']}"
    if auth.get("type") == "UserAssignedIdentity" and auth.get("userAssignedIdentityResourceId") not in site_identities(site):
        yield f"flex-deployment: site '{site['name']}' deploys with identity {auth.get('userAssignedIdentityResourceId')!r}, which is not assigned to it"
    if auth.get("type") == "SystemAssignedIdentity" and site["id"] not in site_identities(site):
        yield f"flex-deployment: site '{site['name']}' deploys with a system-assigned identity it does not have"
    # The package container is made by the template, in the account the URL names.
    value = str(storage.get("value", ""))
    account = re.search(r"storageAccounts/([^/']+)'", value) or re.search(r"https://([^.]+)\.blob\.", value)
    container = re.search(r"'([a-z0-9-]{3,63})'\)\]$", value) or re.search(r"\.blob\.[^/]+/([a-z0-9-]{3,63})/?$", value)
    made = {c["name"].lower() for c in typed(resources, CONTAINERS)}
    if not account or not container or f"{account.group(1)}/default/{container.group(1)}".lower() not in made:
        yield f"flex-deployment: site '{site['name']}' deployment container {value!r:.120} is not a container the template creates"


def check_bindings(site, settings, publish, resources):
    created_queues = {q["name"].split("/")[-1] for q in typed(resources, QUEUES)}
    for function, binding in publish.bindings:
        for key, value in binding.items():
            for name in re.findall(r"%([^%]+)%", value) if isinstance(value, str) else []:
                setting = name.replace(":", "__")
                if setting not in settings:
                    yield f"binding-settings: function '{function}' binds {key} to %{name}%, but site '{site['name']}' has no app setting {setting}"
                elif key == "queueName" and isinstance(settings[setting], str) and not is_expression(settings[setting]) \
                        and settings[setting] not in created_queues:
                    yield f"binding-settings: function '{function}' reads queue '{settings[setting]}', which the template does not create"
        if binding.get("type") in STORAGE_TRIGGERS:
            connection = binding.get("connection") or "AzureWebJobsStorage"
            if connection not in settings and not any(s.startswith(connection + "__") for s in settings):
                yield f"binding-settings: function '{function}' uses connection '{connection}', which site '{site['name']}' does not configure"


def check_telemetry(site, settings, publish, resources):
    for component in typed(resources, COMPONENTS):
        if component.get("properties", {}).get("DisableLocalAuth") is False:
            continue
        where = f"Application Insights '{component['name']}' has local auth off"
        auth = settings.get("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")
        if not isinstance(auth, str) or "Authorization=AAD" not in auth:
            yield f"telemetry-identity: {where}, but site '{site['name']}' has no APPLICATIONINSIGHTS_AUTHENTICATION_STRING with Authorization=AAD"
            continue
        # ClientId names a user-assigned identity; without it the system-assigned one is used.
        identity = next((i for i in site_identities(site) if i != site["id"] and i in auth), None) if "ClientId=" in auth else \
            (site["id"] if site["id"] in site_identities(site) else None)
        if identity is None:
            yield f"telemetry-identity: site '{site['name']}' authenticates telemetry as an identity it does not have ({auth:.100})"
            continue
        granted = [r for r in typed(resources, ROLE_ASSIGNMENTS)
                   if assignment_scope(r) == component["id"].lower()
                   and r["properties"].get("roleDefinitionId", "").endswith(MONITORING_METRICS_PUBLISHER)
                   and identity in str(r["properties"].get("principalId"))]
        if not granted:
            yield f"telemetry-identity: {where}, but the identity site '{site['name']}' sends with has no Monitoring Metrics Publisher on it"
        package = publish.packages.get(WORKER_TELEMETRY_PACKAGE)
        if package is None or version_tuple(package) < WORKER_TELEMETRY_MIN_VERSION:
            yield (f"telemetry-identity: {where}, but the worker does not authenticate: {WORKER_TELEMETRY_PACKAGE} "
                   f"{package or 'is missing'} (needs {'.'.join(map(str, WORKER_TELEMETRY_MIN_VERSION))} or later)")


def assignment_scope(assignment):
    """The resource a role assignment is on; its id is an extensionResourceId() expression while its name is unknown."""
    scoped = re.match(r"\[extensionResourceId\('([^']+)'", assignment["id"])
    return (scoped.group(1) if scoped else assignment["id"].lower().split("/providers/microsoft.authorization/")[0]).lower()


def endpoints_to(resource, group, resources):
    return [e for e in typed(resources, ENDPOINTS)
            for c in e.get("properties", {}).get("privateLinkServiceConnections", [])
            if c["properties"].get("privateLinkServiceId", "").lower() == resource["id"].lower() and group in c["properties"].get("groupIds", [])]


def check_private(resource, groups, resources, label):
    properties = resource.get("properties", {})
    # MySQL keeps the setting under network; storage and Key Vault at the top.
    if properties.get("network", properties).get("publicNetworkAccess") != "Disabled":
        yield f"{label}: '{resource['name']}' allows public network access"
    zone_groups = {z["name"].split("/")[0].lower() for z in typed(resources, ENDPOINT_DNS)}
    for group in groups:
        found = endpoints_to(resource, group, resources)
        if not found:
            yield f"{label}: '{resource['name']}' has no private endpoint for {group}"
        elif not any(e["name"].lower() in zone_groups for e in found):
            yield f"{label}: the private endpoint for {group} of '{resource['name']}' is in no private DNS zone"


def check_mysql(resources, rules, today):
    for server in typed(resources, MYSQL):
        version = server.get("properties", {}).get("version")
        supported = rules["versions"]
        if version not in supported:
            yield f"mysql: server '{server['name']}' version {version!r} is not in Azure standard support ({sorted(supported)})"
        elif date.fromisoformat(supported[version]) < today:
            yield f"mysql: MySQL {version} left standard support on {supported[version]}"
        yield from check_private(server, ["mysqlServer"], resources, "mysql")
    for rule in typed(resources, MYSQL_FIREWALL):
        yield f"mysql: firewall rule '{rule['name']}' ({rule['properties'].get('startIpAddress')}-{rule['properties'].get('endIpAddress')}) opens the server to the internet or to every Azure customer"


def check_network(site, resources):
    subnet = site["properties"].get("virtualNetworkSubnetId")
    if not subnet:
        return
    vnet_id, _, subnet_name = str(subnet).rpartition("/subnets/")
    vnet = next((v for v in typed(resources, VNETS) if v["id"].lower() == vnet_id.lower()), None)
    found = next((s for s in (vnet or {}).get("properties", {}).get("subnets", []) if s["name"] == subnet_name), None)
    services = [d["properties"].get("serviceName") for d in (found or {}).get("properties", {}).get("delegations", [])]
    if services != ["Microsoft.App/environments"]:
        yield f"network: site '{site['name']}' integrates with subnet {subnet!r:.120}, which is not delegated to Microsoft.App/environments"
    for account in typed(resources, STORAGE):
        yield from check_private(account, ["blob", "queue", "table"], resources, "network")
    for vault in typed(resources, VAULTS):
        yield from check_private(vault, ["vault"], resources, "network")


def role_assignments(template):
    """Role assignments of a compiled template and of every module in it, with their template."""
    resources = template.get("resources", [])
    for resource in resources.values() if isinstance(resources, dict) else resources:
        if resource.get("type", "").lower() == ROLE_ASSIGNMENTS:
            yield resource
        if resource.get("type", "").lower() == "microsoft.resources/deployments":
            yield from role_assignments(resource.get("properties", {}).get("template", {}))


def check_role_names(compiled):
    """A role assignment's name must come from the principal it grants: Azure will not repoint an assignment to a new
    principal, so a name fixed by anything else collides once the identity is recreated."""
    for assignment in role_assignments(compiled):
        principal = str(assignment.get("properties", {}).get("principalId", ""))
        inner = principal[1:-1] if is_expression(principal) else f"'{principal}'"
        if inner not in str(assignment.get("name", "")):
            yield f"role-names: role assignment {assignment.get('name')!r:.100} is not named from its principalId ({principal:.80})"


def check(snapshots, compiled, publish, rules, today):
    """Every problem found, as 'rule: what' lines."""
    problems = list(check_role_names(compiled))
    flex, mysql = rules["flexConsumption"], rules["mysqlFlexibleServer"]
    for shape, snapshot in snapshots.items():
        resources = snapshot["predictedResources"]
        sites = flex_sites(resources)
        found = []
        if not sites:
            found.append("flex-site: no Flex Consumption function app in the template")
        for site in sites:
            try:
                settings = app_settings(site, resources)
            except ValueError as error:
                found.append(f"flex-app-settings: {error}")
                continue
            for rule in (check_site_config(site, resources, flex), check_app_settings(site, settings, flex),
                         check_runtime(site, publish, flex, today), check_scale(site, flex),
                         check_deployment_storage(site, resources, flex), check_bindings(site, settings, publish, resources),
                         check_telemetry(site, settings, publish, resources), check_network(site, resources)):
                found.extend(rule)
        found.extend(check_mysql(resources, mysql, today))
        problems.extend(f"[{shape}] {problem}" for problem in found)
    return problems


def main(rules_path, compiled_path, publish_dir, *snapshot_paths):
    rules = json.loads(Path(rules_path).read_text())
    snapshots = {Path(p).name.removesuffix(".snapshot.json"): json.loads(Path(p).read_text()) for p in snapshot_paths}
    problems = check(snapshots, json.loads(Path(compiled_path).read_text()), load_publish(publish_dir), rules, date.today())
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        print(f"policy check: {problems[0]}{more}")
        for problem in problems[1:]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    count = sum(len(s["predictedResources"]) for s in snapshots.values())
    print(f"policy check: {count} resources in {len(snapshots)} shapes ({', '.join(snapshots)}) keep the Flex Consumption, telemetry, network and database rules")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 5:
        print(__doc__.strip().splitlines()[-1].strip())
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
