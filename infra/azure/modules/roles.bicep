// Every role the app's identity holds. A module, so that principalId is a parameter: each assignment's name is derived
// from the principal it grants, and a new identity gets new assignments instead of colliding with the old ones
// (Azure refuses to repoint an existing assignment to another principal).

param principalId string
param storageAccountName string
param applicationInsightsName string
param keyVaultName string
param appSecretName string

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

// The host keeps leases, timer schedules and keys in blobs, reads and writes queues, and (for diagnostic events) tables;
// the app writes models to blobs and requests to queues; the platform reads the deployment package from a blob.
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    scope: storage
    name: guid(storage.id, principalId, role)
    properties: {
      principalId: principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

// Scoped to the one secret: the app cannot read the migration user's connection string in the same vault.
resource secretRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appSecret
  name: guid(appSecret.id, principalId, roles.keyVaultSecretsUser)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// Application Insights has local authentication off: the host and the worker send telemetry with this identity.
resource telemetryRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: insights
  name: guid(insights.id, principalId, roles.monitoringMetricsPublisher)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}
