// Log Analytics and a workspace-based Application Insights. With local auth disabled it accepts only Entra-authenticated
// telemetry, so the instrumentation key in the connection string is no credential.

param location string
param tags object
param logAnalyticsName string
param applicationInsightsName string

@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap in GB: Log Analytics bills per GB ingested, and a cap bounds a runaway log loop. -1 for none.')
param dailyQuotaGb int

param disableLocalAuth bool

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: retentionInDays
    workspaceCapping: { dailyQuotaGb: dailyQuotaGb }
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: disableLocalAuth
    RetentionInDays: retentionInDays
  }
}

output applicationInsightsName string = insights.name
