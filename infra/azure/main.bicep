// FashionFunctions in Azure: a Flex Consumption Function App (Linux, .NET 10 isolated) running as a user-assigned
// identity, its storage account, Application Insights over Log Analytics, a Key Vault holding the database connection
// string and, optionally, a virtual network with private endpoints (vnetEnabled) and an Azure Database for MySQL
// Flexible Server (createMySql, which needs vnetEnabled). Deploy with
//   az deployment group create -g <group> -f infra/azure/main.bicep -p infra/azure/main.bicepparam
// and see docs/azure.md for what it needs, costs, and what comes after (publish, migrate, database users, rotation).
targetScope = 'resourceGroup'

@description('Azure region for every resource; it must offer Flex Consumption with dotnet-isolated 10.0 (docs/azure.md).')
param location string = resourceGroup().location

@minLength(3)
@maxLength(12)
@description('Short lowercase prefix for resource names.')
param appName string = 'fashion'

@description('Function App name; it is also the host name <name>.azurewebsites.net, so it must be globally unique.')
param functionAppName string = '${appName}-${uniqueString(resourceGroup().id)}'

param tags object = { app: 'FashionFunctions' }

@description('functionAppConfig.runtime.version; infra/azure/check.sh fails unless it matches the project\'s target framework.')
param runtimeVersion string = '10.0'

@secure()
@description('Connection string of an existing MariaDB (10.11+) or MySQL 8.4 for the app user (SELECT/INSERT/UPDATE/DELETE on ml.*). Ignored when createMySql is true.')
param mariaDbConnectionString string = ''

@secure()
@description('Optional connection string of the migration user (DDL on ml.*), kept in Key Vault for `fashion-admin migrate`. Ignored when createMySql is true.')
param mariaDbMigrationConnectionString string = ''

@description('Put the app in a virtual network: VNet integration, private endpoints for storage, Key Vault and the database, public network access off on all three.')
param vnetEnabled bool = false

@description('Create an Azure Database for MySQL Flexible Server (Burstable B1ms) and use it instead of mariaDbConnectionString. Needs vnetEnabled: the server has no public access.')
param createMySql bool = false

@description('MySQL server administrator login (createMySql only); its connection string goes to the migration secret.')
param mysqlAdministratorLogin string = 'fashionadmin'

@secure()
@description('MySQL administrator password (createMySql only). No ";" or "\'" characters: it is placed in a connection string.')
param mysqlAdministratorPassword string = ''

@description('The app\'s own MySQL user (createMySql only); create it after deployment with the SQL in docs/azure.md.')
param mysqlAppUser string = 'fashion_app'

@secure()
@description('Password of mysqlAppUser (createMySql only), written into the app\'s connection string. Same character rules.')
param mysqlAppPassword string = ''

@description('MySQL version; only versions in Azure standard support (8.0 is billed as Extended Support since June 2026).')
@allowed(['8.4'])
param mysqlVersion string = '8.4'

@description('Origins allowed to call the API from a browser (CORS), e.g. [\'https://shop.example.com\']; empty allows none.')
param allowedOrigins string[] = []

@allowed([512, 2048, 4096])
@description('Memory per instance: training the default blend peaks near 3.5 GB, so 4096 (LightGBM alone fits 2048).')
param instanceMemoryMB int = 4096

@minValue(40)
@maxValue(1000)
@description('Most instances the app scales out to; Flex Consumption accepts 40 to 1000.')
param maximumInstanceCount int = 40

@description('More app settings (Fashion__*, Training__*, RetrainSchedule, RetrainWebhookUrl, ...): name to value. Settings Flex Consumption rejects (FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE, ...) fail the deployment.')
param appSettings object = {}

@description('Object id of the operator (user or group) who may read and rotate the Key Vault secrets; empty for none.')
param operatorPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param operatorPrincipalType string = 'User'

@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Log Analytics daily ingestion cap in GB (-1: none).')
param logDailyQuotaGb int = 1

@description('Application Insights accepts only telemetry sent with the app\'s identity (the host and the worker both send with it).')
param telemetryRequiresIdentity bool = true

@description('\'recover\' to bring back this deployment\'s soft-deleted Key Vault after its resource group was deleted (docs/azure.md).')
@allowed(['default', 'recover'])
param keyVaultCreateMode string = 'default'

var suffix = uniqueString(resourceGroup().id, appName)
var databaseName = 'ml'
var deploymentContainerName = 'app-package'
var appSecretName = 'mariadb-app'
var migrationSecretName = 'mariadb-migrate'
// Names are fixed here rather than read from module outputs, so What-If can predict every resource the modules touch.
var storageAccountName = take('st${appName}${suffix}', 24)
var applicationInsightsName = 'appi-${appName}-${suffix}'
var keyVaultName = take('kv-${appName}-${suffix}', 24)
var mysqlServerName = 'mysql-${appName}-${suffix}'
var vnetName = 'vnet-${appName}-${suffix}'

var storageZones = map(['blob', 'queue', 'table'], service => {
  groupId: service
  zone: 'privatelink.${service}.${environment().suffixes.storage}'
})
var vaultZone = 'privatelink.vaultcore.azure.net'
var mysqlZone = 'privatelink.mysql.database.azure.com'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    tags: tags
    name: 'id-${appName}-${suffix}'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${appName}-${suffix}'
    applicationInsightsName: applicationInsightsName
    retentionInDays: logRetentionDays
    dailyQuotaGb: logDailyQuotaGb
    disableLocalAuth: telemetryRequiresIdentity
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: storageAccountName
    deploymentContainerName: deploymentContainerName
    publicNetworkAccess: !vnetEnabled
  }
}

module network 'modules/network.bicep' = if (vnetEnabled) {
  name: 'network'
  params: {
    location: location
    tags: tags
    name: vnetName
    privateDnsZoneNames: concat(map(storageZones, z => z.zone), [vaultZone], createMySql ? [mysqlZone] : [])
  }
}

// The server has no public access, so without the virtual network nothing could reach it.
module mysql 'modules/mysql.bicep' = if (createMySql) {
  name: 'mysql'
  params: {
    location: location
    tags: tags
    name: vnetEnabled ? mysqlServerName : fail('createMySql needs vnetEnabled=true: the server is reachable only through a private endpoint')
    databaseName: databaseName
    administratorLogin: mysqlAdministratorLogin
    administratorPassword: mysqlAdministratorPassword
    version: mysqlVersion
  }
}

// VerifyFull: Azure's MySQL certificates chain to roots in the Linux trust store, so the server is authenticated too.
var mysqlHost = createMySql ? mysql!.outputs.fqdn : ''
var mysqlAppConnectionString = 'Server=${mysqlHost};Port=3306;Database=${databaseName};User ID=${mysqlAppUser};Password=\'${mysqlAppPassword}\';SslMode=VerifyFull'
var mysqlAdminConnectionString = 'Server=${mysqlHost};Port=3306;Database=${databaseName};User ID=${mysqlAdministratorLogin};Password=\'${mysqlAdministratorPassword}\';SslMode=VerifyFull'

// Fail the deployment with a clear message instead of storing an empty secret the app would only trip over later.
var appConnectionString = createMySql
  ? (empty(mysqlAdministratorPassword) || empty(mysqlAppPassword)
      ? fail('createMySql needs mysqlAdministratorPassword and mysqlAppPassword.')
      : mysqlAppConnectionString)
  : (empty(mariaDbConnectionString)
      ? fail('Set mariaDbConnectionString (an existing MariaDB), or createMySql=true.')
      : mariaDbConnectionString)

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    tags: tags
    name: keyVaultName
    appSecretName: appSecretName
    migrationSecretName: migrationSecretName
    appConnectionString: appConnectionString
    migrationConnectionString: createMySql ? mysqlAdminConnectionString : mariaDbMigrationConnectionString
    storeMigrationSecret: createMySql || !empty(mariaDbMigrationConnectionString)
    operatorPrincipalId: operatorPrincipalId
    operatorPrincipalType: operatorPrincipalType
    publicNetworkAccess: !vnetEnabled
    createMode: keyVaultCreateMode
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    // A runtime value on purpose: the assignments' names derive from it (roles.bicep), so What-If cannot predict them.
    #disable-next-line what-if-short-circuiting
    principalId: identity.outputs.principalId
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    appSecretName: appSecretName
  }
  dependsOn: [storage, monitoring, vault]
}

var endpoints = !vnetEnabled
  ? []
  : concat(
      map(storageZones, z => {
        name: 'pe-${storageAccountName}-${z.groupId}'
        serviceId: resourceId('Microsoft.Storage/storageAccounts', storageAccountName)
        groupId: z.groupId
        zone: z.zone
      }),
      [
        {
          name: 'pe-${keyVaultName}'
          serviceId: resourceId('Microsoft.KeyVault/vaults', keyVaultName)
          groupId: 'vault'
          zone: vaultZone
        }
      ],
      createMySql
        ? [
            {
              name: 'pe-${mysqlServerName}'
              serviceId: resourceId('Microsoft.DBforMySQL/flexibleServers', mysqlServerName)
              groupId: 'mysqlServer'
              zone: mysqlZone
            }
          ]
        : []
    )

module privateEndpoints 'modules/private-endpoint.bicep' = [
  for endpoint in endpoints: {
    name: endpoint.name
    params: {
      location: location
      tags: tags
      name: endpoint.name
      subnetId: network!.outputs.endpointSubnetId
      serviceId: endpoint.serviceId
      groupId: endpoint.groupId
      privateDnsZoneName: endpoint.zone
    }
    dependsOn: [storage, vault, mysql]
  }
]

// After the roles and the private endpoints, so the Key Vault reference and the identity-based storage connection
// resolve on the app's first start.
module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    planName: 'plan-${appName}-${suffix}'
    name: functionAppName
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    appSecretUri: vault.outputs.appSecretUri
    allowedOrigins: allowedOrigins
    runtimeVersion: runtimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    extraAppSettings: appSettings
    telemetryRequiresIdentity: telemetryRequiresIdentity
    subnetId: vnetEnabled ? network!.outputs.appSubnetId : ''
  }
  dependsOn: [roles, privateEndpoints]
}

output functionAppName string = app.outputs.name
output functionAppUrl string = 'https://${app.outputs.defaultHostName}/api'
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
output appSecretName string = appSecretName
output migrationSecretName string = migrationSecretName
output mysqlServer string = mysqlHost
