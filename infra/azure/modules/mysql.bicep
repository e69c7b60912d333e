// Optional Azure Database for MySQL Flexible Server (Azure Database for MariaDB is retired; the schema keeps to SQL that
// runs on both). The smallest burstable size: the app reads a 70,000-row table and writes predictions. No firewall rule
// and no public access: the app reaches it through a private endpoint (main.bicep requires vnetEnabled for it).

param location string
param tags object
param name string
param databaseName string
param administratorLogin string

@secure()
param administratorPassword string

@description('A version in Azure standard support (flex-rules.json); 8.0 is billed as Extended Support since June 2026.')
@allowed(['8.4'])
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
    network: { publicNetworkAccess: 'Disabled' }
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

output fqdn string = server.properties.fullyQualifiedDomainName
