// Optional Azure Database for MySQL Flexible Server (Azure Database for MariaDB is retired; the schema keeps to SQL that
// runs on both). The smallest burstable size: the app reads a 70,000-row table and writes predictions.

param location string
param tags object
param name string
param databaseName string
param administratorLogin string

@secure()
param administratorPassword string

@allowed(['8.0.21', '8.4'])
param version string

resource server 'Microsoft.DBforMySQL/flexibleServers@2024-12-30' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard_B1ms'
    tier: 'Burstable'
  }
  properties: {
    version: version
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: {
      storageSizeGB: 20
      autoGrow: 'Enabled'
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforMySQL/flexibleServers/databases@2024-12-30' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'utf8mb4'
    collation: 'utf8mb4_0900_ai_ci'
  }
}

// 0.0.0.0-0.0.0.0 is Azure's convention for "any Azure service", which a Flex Consumption app without a virtual
// network needs: its outbound addresses are not fixed. Add a rule of your own to run migrations from elsewhere.
resource allowAzure 'Microsoft.DBforMySQL/flexibleServers/firewallRules@2024-12-30' = {
  parent: server
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

output fqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name
