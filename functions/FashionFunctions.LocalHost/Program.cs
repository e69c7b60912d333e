using FashionFunctions.LocalHost;

// Runs the whole app where Azure Functions Core Tools cannot: HTTP functions on Kestrel, queue and timer functions on
// the WebJobs trigger engine (see docs/operations.md, "Local runtime").
var app = LocalFunctionsHost.Build(args);
app.Run();
