// expect: appSettings has settings Flex Consumption does not accept: FUNCTIONS_WORKER_RUNTIME, website_run_from_package
// The template refuses, before anything is created, app settings Flex Consumption answers 400 to.
using '../../main.bicep'

param mariaDbConnectionString = 'Server=db.example.com;Database=ml'
param appSettings = {
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  website_run_from_package: '1'
  Fashion__CommandTimeoutSeconds: '30'
}
