// The Flex Consumption plan and the Function App (Linux, .NET isolated) running as the user-assigned identity, and the
// app settings. No setting holds a key: storage and Application Insights are reached with the identity, the database
// connection string is a Key Vault reference. The roles the identity needs are granted before this module (roles.bicep).

param location string
param tags object
param planName string
param name string
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param appSecretUri string
param allowedOrigins string[]
param extraAppSettings object
param telemetryRequiresIdentity bool

@description('The subnet the app integrates with (vnetEnabled); empty for none.')
param subnetId string

@description('functionAppConfig.runtime.version: the project\'s target framework (net10.0 -> 10.0).')
param runtimeVersion string

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

// App settings Flex Consumption rejects or ignores (flex-rules.json, shared with check_policy.py; see docs/azure.md).
var flexDeprecatedSettings = loadJsonContent('../flex-rules.json').flexConsumption.deprecatedAppSettings
var rejectedExtraSettings = filter(objectKeys(extraAppSettings), key => contains(flexDeprecatedSettings, toUpper(key)))

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(subnetId) ? null : subnetId
    // On Flex Consumption the runtime, the package location and scaling live here instead of in app settings or
    // siteConfig (no FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE, linuxFxVersion or ftpsState on this plan).
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
    siteConfig: {
      alwaysOn: false
      minTlsVersion: '1.2'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(
    {
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      ConnectionStrings__MariaDb: '@Microsoft.KeyVault(SecretUri=${appSecretUri})'
    },
    // The host, and the worker through ConfigureFunctionsApplicationInsights, send telemetry with this identity.
    telemetryRequiresIdentity ? { APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD' } : {},
    // The timer and queue triggers name these settings in binding expressions: without them the functions fail to index.
    {
      RetrainSchedule: '0 0 2 * * *'
      Drift__Schedule: '0 5 * * * *'
      Training__RetrainQueue: 'retrain-requests'
      Predict__ScoreQueue: 'score-requests'
      Training__ModelsContainer: 'models'
    },
    // Flex Consumption answers 400 to some of these: fail before anything is created, naming them.
    empty(rejectedExtraSettings)
      ? extraAppSettings
      : fail('appSettings has settings Flex Consumption does not accept: ${join(rejectedExtraSettings, ', ')} (see docs/azure.md)')
  )
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
