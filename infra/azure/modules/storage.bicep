// The app's one storage account: the Functions host (leases, timers, queues), the `models` container, the work queues
// and the Flex Consumption deployment container. Shared keys are off: everything reaches it with a managed identity.

param location string
param tags object
param name string
param deploymentContainerName string

@description('False when the account is reached only through private endpoints (vnetEnabled).')
param publicNetworkAccess bool

@description('Blob containers the app itself uses.')
param containers string[] = ['models']

@description('Queues the app uses; a queue trigger moves a message to <queue>-poison after maxDequeueCount failures.')
param queues string[] = ['retrain-requests', 'score-requests']

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
    networkAcls: {
      bypass: publicNetworkAccess ? 'AzureServices' : 'None'
      defaultAction: publicNetworkAccess ? 'Allow' : 'Deny'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for container in union(containers, [deploymentContainerName]): {
    parent: blobService
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

// Created up front with their poison queues so that an operator can watch and replay them before the first failure.
resource workQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [
  for queue in flatten(map(queues, q => [q, '${q}-poison'])): {
    parent: queueService
    name: queue
  }
]

output name string = account.name
