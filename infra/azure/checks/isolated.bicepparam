// The other shape check.sh evaluates besides main.bicepparam: network isolation with a new MySQL server. Placeholder
// passwords only: nothing is deployed from this file.
using '../main.bicep'

param vnetEnabled = true
param createMySql = true
param mysqlAdministratorPassword = 'check-only-not-a-password'
param mysqlAppPassword = 'check-only-not-a-password'
param telemetryRequiresIdentity = true
param appSettings = {
  RetrainSchedule: '0 0 3 * * *'
}
