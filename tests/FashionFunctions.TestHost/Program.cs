using FashionFunctions.TestHost;

// Serves the app's HTTP functions on http://127.0.0.1:7071 where Azure Functions Core Tools is not installed.
var app = LocalFunctionsHost.Build(args);
app.Run();
