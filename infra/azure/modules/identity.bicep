// The app's user-assigned identity. It outlives the Function App: recreating the app keeps the same principal, so its
// role assignments stay valid, and the roles are granted before the app first starts (as in Microsoft's Flex samples).

param location string
param tags object
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
