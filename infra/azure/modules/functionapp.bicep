// The Flex Consumption plan and the Function App (Linux, .NET isolated), its system-assigned identity and the roles
// that identity needs, and the app settings. No setting holds a key: storage and Application Insights are reached with
// the identity, the database connection string is a Key Vault reference.

param location string
param tags object
param planName string
param name string
param storageAccountName string
param deploymentContainerName string
param applicationInsightsName string
param keyVaultName string
param appSecretName string
param appSecretUri string
param allowedOrigins string[]
param extraAppSettings object
param telemetryRequiresIdentity bool

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

// Built-in role definition ids (the same in every tenant).
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' existing = {
  name: keyVaultName
}

resource appSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' existing = {
  parent: vault
  name: appSecretName
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
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // On Flex Consumption the runtime, the package location and scaling live here instead of in app settings
    // (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE are not used on this plan).
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: allowedOrigins
        supportCredentials: false
      }
    }
  }
}

// The host keeps leases, timer schedules and keys in blobs, reads and writes queues, and (for diagnostic events) tables;
// the app writes models to blobs and requests to queues.
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    scope: storage
    name: guid(storage.id, site.id, role)
    properties: {
      principalId: site.identity.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

// Scoped to the one secret: the app cannot read the migration user's connection string in the same vault.
resource secretRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appSecret
  name: guid(appSecret.id, site.id, roles.keyVaultSecretsUser)
  properties: {
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, site.id, roles.monitoringMetricsPublisher)
  properties: {
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// Set after the role assignments so the Key Vault reference and the identity-based storage connection resolve on the
// first start instead of failing until the next restart.
resource appSettings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: site
  name: 'appsettings'
  properties: union(
    {
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
      ConnectionStrings__MariaDb: '@Microsoft.KeyVault(SecretUri=${appSecretUri})'
    },
    // The host sends its telemetry with the system-assigned identity when this is set.
    telemetryRequiresIdentity ? { APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'Authorization=AAD' } : {},
    // The timer and queue triggers name these settings in binding expressions: without them the functions fail to index.
    {
      RetrainSchedule: '0 0 2 * * *'
      Training__RetrainQueue: 'retrain-requests'
      Predict__ScoreQueue: 'score-requests'
      Training__ModelsContainer: 'models'
    },
    extraAppSettings
  )
  dependsOn: [storageRoles, secretRole, telemetryRole]
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
