"""Proves check_policy.py catches each mistake it exists for: every test plants one bad value in a copy of what check.sh
produced from the real templates and publish output, and expects the rule that must report it. The untouched inputs
must pass. check.sh runs this after the check itself, with POLICY_INPUTS naming its work folder.
"""
import copy
import json
import os
import unittest
from datetime import date
from pathlib import Path

import check_policy as policy

INPUTS = Path(os.environ.get("POLICY_INPUTS", "."))
RULES = json.loads((Path(__file__).parent / "flex-rules.json").read_text())
TODAY = date(2026, 11, 27)


def load():
    snapshots = {p.name.removesuffix(".snapshot.json"): json.loads(p.read_text()) for p in sorted((INPUTS / "snapshots").glob("*.snapshot.json"))}
    return snapshots, json.loads((INPUTS / "compiled.json").read_text()), policy.load_publish(INPUTS / "publish")


SNAPSHOTS, COMPILED, PUBLISH = load()


def of_type(snapshot, kind):
    return [r for r in snapshot["predictedResources"] if r["type"].lower() == kind]


def site(snapshot):
    return of_type(snapshot, policy.SITES)[0]


def settings(snapshot):
    return next(c for c in of_type(snapshot, policy.SITE_CONFIG) if c["name"].endswith("/appsettings"))["properties"]


class PlantedMistakes(unittest.TestCase):
    def problems(self, snapshots=None, compiled=None, publish=None, today=TODAY):
        return policy.check(snapshots or SNAPSHOTS, compiled or COMPILED, publish or PUBLISH, RULES, today)

    def plant(self, shape, change):
        """Runs the check with one shape changed in a copy; the others as produced."""
        planted = copy.deepcopy(SNAPSHOTS)
        change(planted[shape])
        return self.problems(snapshots=planted)

    def assertCaught(self, rule, problems, shape="main"):
        self.assertTrue(any(p.startswith(f"[{shape}] {rule}:") or p.startswith(f"{rule}:") for p in problems),
                        f"expected a '{rule}' problem, got {problems}")

    def test_the_shipped_templates_pass(self):
        self.assertEqual(set(SNAPSHOTS), {"main", "isolated"})
        self.assertEqual(self.problems(), [])

    # Site properties Flex Consumption rejects.
    def test_ftps_state(self):
        self.assertCaught("flex-site-config", self.plant("main", lambda s: site(s)["properties"]["siteConfig"].update(ftpsState="Disabled")))

    def test_linux_fx_version(self):
        self.assertCaught("flex-site-config", self.plant("main", lambda s: site(s)["properties"]["siteConfig"].update(linuxFxVersion="DOTNET-ISOLATED|10.0")))

    def test_net_framework_version(self):
        self.assertCaught("flex-site-config", self.plant("main", lambda s: site(s)["properties"]["siteConfig"].update(netFrameworkVersion="v10.0")))

    def test_use_32_bit_worker_process(self):
        self.assertCaught("flex-site-config", self.plant("main", lambda s: site(s)["properties"]["siteConfig"].update(use32BitWorkerProcess=False)))

    def test_always_on(self):
        self.assertCaught("flex-site-config", self.plant("main", lambda s: site(s)["properties"]["siteConfig"].update(alwaysOn=True)))

    def test_ftps_state_in_a_web_config_resource(self):
        def plant(s):
            s["predictedResources"].append({"id": site(s)["id"] + "/config/web", "type": "Microsoft.Web/sites/config",
                                            "name": site(s)["name"] + "/web", "properties": {"ftpsState": "FtpsOnly"}})
        self.assertCaught("flex-site-config", self.plant("main", plant))

    # App settings.
    def test_functions_worker_runtime_setting(self):
        self.assertCaught("flex-app-settings", self.plant("main", lambda s: settings(s).update(FUNCTIONS_WORKER_RUNTIME="dotnet-isolated")))

    def test_run_from_package_setting_in_any_case(self):
        self.assertCaught("flex-app-settings", self.plant("isolated", lambda s: settings(s).update(website_run_from_package="1")), "isolated")

    def test_deprecated_setting_in_site_config(self):
        self.assertCaught("flex-app-settings", self.plant("main", lambda s: site(s)["properties"]["siteConfig"].update(
            appSettings=[{"name": "WEBSITE_CONTENTSHARE", "value": "x"}])))

    # Runtime.
    def test_runtime_version_not_offered(self):
        self.assertCaught("flex-runtime", self.plant("main", lambda s: site(s)["properties"]["functionAppConfig"]["runtime"].update(version="99.9")))

    def test_runtime_past_end_of_support(self):
        self.assertCaught("flex-runtime", self.plant("main", lambda s: site(s)["properties"]["functionAppConfig"]["runtime"].update(version="8.0")))

    def test_runtime_name(self):
        self.assertCaught("flex-runtime", self.plant("main", lambda s: site(s)["properties"]["functionAppConfig"]["runtime"].update(name="dotnet")))

    def test_runtime_other_than_the_target_framework(self):
        older = copy.deepcopy(PUBLISH)
        older.target_framework = "net9.0"
        self.assertCaught("flex-runtime", self.problems(publish=older))

    def test_runtime_after_its_end_of_support_date(self):
        self.assertCaught("flex-runtime", self.problems(today=date(2028, 11, 10)))

    # Scale.
    def test_instance_memory(self):
        self.assertCaught("flex-scale", self.plant("main", lambda s: site(s)["properties"]["functionAppConfig"]["scaleAndConcurrency"].update(instanceMemoryMB=1234)))

    def test_maximum_instance_count_below_forty(self):
        self.assertCaught("flex-scale", self.plant("main", lambda s: site(s)["properties"]["functionAppConfig"]["scaleAndConcurrency"].update(maximumInstanceCount=10)))

    def test_maximum_instance_count_above_a_thousand(self):
        self.assertCaught("flex-scale", self.plant("main", lambda s: site(s)["properties"]["functionAppConfig"]["scaleAndConcurrency"].update(maximumInstanceCount=1001)))

    # Deployment storage.
    def deployment(self, s):
        return site(s)["properties"]["functionAppConfig"]["deployment"]["storage"]

    def test_deployment_storage_type(self):
        self.assertCaught("flex-deployment", self.plant("main", lambda s: self.deployment(s).update(type="blobContainerX")))

    def test_deployment_authentication_type(self):
        self.assertCaught("flex-deployment", self.plant("main", lambda s: self.deployment(s)["authentication"].update(type="SystemAssignedIdentityX")))

    def test_deployment_identity_not_assigned(self):
        self.assertCaught("flex-deployment", self.plant("main", lambda s: self.deployment(s)["authentication"].update(
            userAssignedIdentityResourceId="/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other")))

    def test_deployment_with_a_system_identity_the_site_lacks(self):
        self.assertCaught("flex-deployment", self.plant("main", lambda s: self.deployment(s).update(authentication={"type": "SystemAssignedIdentity"})))

    def test_deployment_container_not_created(self):
        def plant(s):
            s["predictedResources"] = [r for r in s["predictedResources"] if not r["name"].endswith("/app-package")]
        self.assertCaught("flex-deployment", self.plant("main", plant))

    # Bindings.
    def test_binding_setting_missing(self):
        self.assertCaught("binding-settings", self.plant("main", lambda s: settings(s).pop("RetrainSchedule")))

    def test_queue_the_template_does_not_create(self):
        self.assertCaught("binding-settings", self.plant("main", lambda s: settings(s).update(Predict__ScoreQueue="scores")))

    def test_storage_connection_missing(self):
        def plant(s):
            for name in [n for n in settings(s) if n.startswith("AzureWebJobsStorage")]:
                settings(s).pop(name)
        self.assertCaught("binding-settings", self.plant("main", plant))

    # Telemetry with local auth off.
    def test_no_authentication_string(self):
        self.assertCaught("telemetry-identity", self.plant("main", lambda s: settings(s).pop("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")))

    def test_authentication_as_a_foreign_identity(self):
        self.assertCaught("telemetry-identity", self.plant("main", lambda s: settings(s).update(
            APPLICATIONINSIGHTS_AUTHENTICATION_STRING="ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD")))

    def test_no_metrics_publisher_role(self):
        def plant(s):
            s["predictedResources"] = [r for r in s["predictedResources"]
                                       if not r.get("properties", {}).get("roleDefinitionId", "").endswith(policy.MONITORING_METRICS_PUBLISHER)]
        self.assertCaught("telemetry-identity", self.plant("main", plant))

    def test_worker_without_the_telemetry_package(self):
        bare = copy.deepcopy(PUBLISH)
        bare.packages.pop(policy.WORKER_TELEMETRY_PACKAGE)
        self.assertCaught("telemetry-identity", self.problems(publish=bare))

    def test_worker_telemetry_package_too_old(self):
        old = copy.deepcopy(PUBLISH)
        old.packages[policy.WORKER_TELEMETRY_PACKAGE] = "1.2.0"
        self.assertCaught("telemetry-identity", self.problems(publish=old))

    # The database.
    def mysql(self, s):
        return of_type(s, policy.MYSQL)[0]

    def test_mysql_version_unknown(self):
        self.assertCaught("mysql", self.plant("isolated", lambda s: self.mysql(s)["properties"].update(version="9.9")), "isolated")

    def test_mysql_version_out_of_standard_support(self):
        self.assertCaught("mysql", self.plant("isolated", lambda s: self.mysql(s)["properties"].update(version="8.0.21")), "isolated")

    def test_mysql_open_to_all_of_azure(self):
        def plant(s):
            s["predictedResources"].append({"id": self.mysql(s)["id"] + "/firewallRules/AllowAllAzure", "type": "Microsoft.DBforMySQL/flexibleServers/firewallRules",
                                            "name": self.mysql(s)["name"] + "/AllowAllAzure", "properties": {"startIpAddress": "0.0.0.0", "endIpAddress": "0.0.0.0"}})
        self.assertCaught("mysql", self.plant("isolated", plant), "isolated")

    def test_mysql_public_access(self):
        self.assertCaught("mysql", self.plant("isolated", lambda s: self.mysql(s)["properties"]["network"].update(publicNetworkAccess="Enabled")), "isolated")

    def test_mysql_without_private_endpoint(self):
        def plant(s):
            s["predictedResources"] = [r for r in s["predictedResources"] if "pe-mysql" not in r["name"]]
        self.assertCaught("mysql", self.plant("isolated", plant), "isolated")

    # Network isolation.
    def test_storage_public_in_a_virtual_network(self):
        self.assertCaught("network", self.plant("isolated", lambda s: of_type(s, policy.STORAGE)[0]["properties"].update(publicNetworkAccess="Enabled")), "isolated")

    def test_vault_public_in_a_virtual_network(self):
        self.assertCaught("network", self.plant("isolated", lambda s: of_type(s, policy.VAULTS)[0]["properties"].update(publicNetworkAccess="Enabled")), "isolated")

    def test_queue_endpoint_missing(self):
        def plant(s):
            s["predictedResources"] = [r for r in s["predictedResources"] if not r["name"].split("/")[0].endswith("-queue")]
        self.assertCaught("network", self.plant("isolated", plant), "isolated")

    def test_endpoint_outside_dns(self):
        def plant(s):
            s["predictedResources"] = [r for r in s["predictedResources"] if not (r["type"].lower() == policy.ENDPOINT_DNS and "-blob/" in r["name"])]
        self.assertCaught("network", self.plant("isolated", plant), "isolated")

    def test_app_subnet_not_delegated(self):
        def plant(s):
            for subnet in of_type(s, policy.VNETS)[0]["properties"]["subnets"]:
                subnet["properties"].pop("delegations", None)
        self.assertCaught("network", self.plant("isolated", plant), "isolated")

    # Role assignment names.
    def test_role_named_from_the_site_not_the_principal(self):
        planted = copy.deepcopy(COMPILED)
        assignment = next(policy.role_assignments(planted))
        assignment["name"] = "[guid(resourceId('Microsoft.Web/sites', 'app'), 'role')]"
        self.assertCaught("role-names", self.problems(compiled=planted))

    def test_no_flex_site(self):
        self.assertCaught("flex-site", self.plant("main", lambda s: s.update(predictedResources=[
            r for r in s["predictedResources"] if r["type"].lower() not in (policy.SITES, policy.PLANS)])))


if __name__ == "__main__":
    unittest.main()
