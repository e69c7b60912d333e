// A Key Vault with RBAC authorization holding the database connection strings. The app reads only its own secret
// (see functionapp.bicep); the operator who runs migrations may be given Secrets Officer on the whole vault.

param location string
param tags object
param name string
param appSecretName string
param migrationSecretName string

@secure()
@description('The connection string the app uses.')
param appConnectionString string

@secure()
@description('A connection string with DDL rights for `fashion-admin migrate`.')
param migrationConnectionString string

param storeMigrationSecret bool

@description('False when the vault is reached only through its private endpoint (vnetEnabled).')
param publicNetworkAccess bool

@description('\'recover\' brings back a soft-deleted vault of the same name (after the resource group was deleted).')
@allowed(['default', 'recover'])
param createMode string

@description('Object id of a user or group given Key Vault Secrets Officer, to read and rotate the secrets; empty gives none.')
param operatorPrincipalId string

@allowed(['User', 'Group', 'ServicePrincipal'])
param operatorPrincipalType string

var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    createMode: createMode
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: 'None'
      defaultAction: publicNetworkAccess ? 'Allow' : 'Deny'
    }
  }
}

resource appSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: appSecretName
  properties: {
    value: appConnectionString
    contentType: 'MySqlConnector connection string'
  }
}

resource migrationSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (storeMigrationSecret) {
  parent: vault
  name: migrationSecretName
  properties: {
    value: migrationConnectionString
    contentType: 'MySqlConnector connection string'
  }
}

resource operatorRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  scope: vault
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficer)
  properties: {
    principalId: operatorPrincipalId
    principalType: operatorPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
  }
}

output name string = vault.name
// Versionless, so a new secret version is picked up without a redeployment (see docs/azure.md, rotation).
output appSecretUri string = appSecret.properties.secretUri
