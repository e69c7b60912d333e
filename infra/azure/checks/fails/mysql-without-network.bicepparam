// expect: createMySql needs vnetEnabled=true
// A MySQL server without public access is unreachable without the virtual network, so the template refuses it.
using '../../main.bicep'

param createMySql = true
param mysqlAdministratorPassword = 'check-only-not-a-password'
param mysqlAppPassword = 'check-only-not-a-password'
