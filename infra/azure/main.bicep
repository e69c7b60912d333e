// FashionFunctions in Azure: a Flex Consumption Function App (Linux, .NET 10 isolated) with a system-assigned identity,
// its storage account, Application Insights over Log Analytics, a Key Vault holding the database connection string and,
// optionally, an Azure Database for MySQL Flexible Server. Deploy with
//   az deployment group create -g <group> -f infra/azure/main.bicep -p infra/azure/main.bicepparam
// and see README.azure.md for what comes after (publish, migrate, database users, key rotation).
targetScope = 'resourceGroup'

@description('Azure region for every resource.')
param location string = resourceGroup().location

@minLength(3)
@maxLength(12)
@description('Short lowercase prefix for resource names.')
param appName string = 'fashion'

@description('Function App name; it is also the host name <name>.azurewebsites.net, so it must be globally unique.')
param functionAppName string = '${appName}-${uniqueString(resourceGroup().id)}'

param tags object = { app: 'FashionFunctions' }

@secure()
@description('Connection string of an existing MariaDB (10.11+) or MySQL 8 for the app user (SELECT/INSERT/UPDATE/DELETE on ml.*). Ignored when createMySql is true.')
param mariaDbConnectionString string = ''

@secure()
@description('Optional connection string of the migration user (DDL on ml.*), kept in Key Vault for `fashion-admin migrate`. Ignored when createMySql is true.')
param mariaDbMigrationConnectionString string = ''

@description('Create an Azure Database for MySQL Flexible Server (Burstable B1ms) and use it instead of mariaDbConnectionString.')
param createMySql bool = false

@description('MySQL server administrator login (createMySql only); its connection string goes to the migration secret.')
param mysqlAdministratorLogin string = 'fashionadmin'

@secure()
@description('MySQL administrator password (createMySql only). No ";" or "\'" characters: it is placed in a connection string.')
param mysqlAdministratorPassword string = ''

@description('The app\'s own MySQL user (createMySql only); create it after deployment with the SQL in README.azure.md.')
param mysqlAppUser string = 'fashion_app'

@secure()
@description('Password of mysqlAppUser (createMySql only), written into the app\'s connection string. Same character rules.')
param mysqlAppPassword string = ''

@allowed(['8.0.21', '8.4'])
param mysqlVersion string = '8.0.21'

@description('Origins allowed to call the API from a browser (CORS), e.g. [\'https://shop.example.com\']; empty allows none.')
param allowedOrigins string[] = []

@allowed([512, 2048, 4096])
@description('Memory per instance; training needs 2048 or more.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('More app settings (Fashion__*, Training__*, RetrainSchedule, RetrainWebhookUrl, ...): name to value.')
param appSettings object = {}

@description('Object id of the operator (user or group) who may read and rotate the Key Vault secrets; empty for none.')
param operatorPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param operatorPrincipalType string = 'User'

@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Application Insights accepts only telemetry sent with the app\'s identity. Set false while the worker\'s telemetry package cannot authenticate with Entra ID.')
param telemetryRequiresIdentity bool = true

var suffix = uniqueString(resourceGroup().id, appName)
var databaseName = 'ml'
var deploymentContainerName = 'app-package'
var appSecretName = 'mariadb-app'
var migrationSecretName = 'mariadb-migrate'
// Names are fixed here rather than read from module outputs, so What-If can predict every resource the modules touch.
var storageAccountName = take('st${appName}${suffix}', 24)
var applicationInsightsName = 'appi-${appName}-${suffix}'
var keyVaultName = take('kv-${appName}-${suffix}', 24)

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${appName}-${suffix}'
    applicationInsightsName: applicationInsightsName
    retentionInDays: logRetentionDays
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
  }
}

module mysql 'modules/mysql.bicep' = if (createMySql) {
  name: 'mysql'
  params: {
    location: location
    tags: tags
    name: 'mysql-${appName}-${suffix}'
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
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    tags: tags
    planName: 'plan-${appName}-${suffix}'
    name: functionAppName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: applicationInsightsName
    keyVaultName: keyVaultName
    appSecretName: appSecretName
    appSecretUri: vault.outputs.appSecretUri
    allowedOrigins: allowedOrigins
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    extraAppSettings: appSettings
    telemetryRequiresIdentity: telemetryRequiresIdentity
  }
  dependsOn: [storage, monitoring]
}

output functionAppName string = app.outputs.name
output functionAppUrl string = 'https://${app.outputs.defaultHostName}/api'
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
output appSecretName string = appSecretName
output migrationSecretName string = migrationSecretName
output mysqlServer string = mysqlHost
