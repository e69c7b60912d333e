// Example parameters: copy, fill in, and keep secrets out of the repository (pass them on the command line or read
// them from the environment as below). infra/azure/check.sh evaluates this file (and checks/*.bicepparam) offline.
using 'main.bicep'

param appName = 'fashion'
param allowedOrigins = ['https://shop.example.com']

// An existing MariaDB: the app user's connection string and, optionally, the migration user's.
param mariaDbConnectionString = readEnvironmentVariable('FASHION_MARIADB', '')
param mariaDbMigrationConnectionString = readEnvironmentVariable('FASHION_MARIADB_MIGRATE', '')

// Or a virtual network with private endpoints, and in it a new Azure Database for MySQL Flexible Server instead:
param vnetEnabled = false
param createMySql = false
param mysqlAdministratorPassword = readEnvironmentVariable('FASHION_MYSQL_ADMIN_PASSWORD', '')
param mysqlAppPassword = readEnvironmentVariable('FASHION_MYSQL_APP_PASSWORD', '')

param operatorPrincipalId = readEnvironmentVariable('FASHION_OPERATOR_ID', '')

param appSettings = {
  Fashion__CommandTimeoutSeconds: '30'
}
