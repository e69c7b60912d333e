using FashionFunctions.Http;
using FashionFunctions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseFashionMiddleware();
builder.Services.AddFashionTelemetry();
builder.Services.AddFashionServices(builder.Configuration);
builder.Build().Run();
