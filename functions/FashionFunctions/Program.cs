using FashionFunctions;
using FashionFunctions.Http;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<RequestLogScopeMiddleware>();
builder.UseMiddleware<ServiceUnavailableMiddleware>();
builder.UseMiddleware<RequestValidationMiddleware>();
builder.Services.AddFashionTelemetry();
builder.Services.AddFashionServices(builder.Configuration);
builder.Build().Run();
