using System.Net;
using System.Text;
using FashionFunctions.Tests.Foundation;
using FashionFunctions.Tests.Infrastructure;

namespace FashionFunctions.Tests.Production;

/// <summary>Malformed and oversized prediction bodies: each a 4xx problem, no prediction stored, nothing buffered to disk.</summary>
[Collection(PredictionDatabase.Name)]
public sealed class HostileUploadTests(PredictionFixture fixture)
{
    private const string Boundary = "fuzz-boundary";

    private static byte[] Png => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAAAAABX3VL4AAAAD0lEQVR4nGNgYPj/n4EBAAT8Af+hZ1u4AAAAAElFTkSuQmCC");

    private static byte[] Part(string headers, byte[] content) =>
        [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\n{headers}\r\n\r\n"), .. content, .. "\r\n"u8];

    private static byte[] End => Encoding.ASCII.GetBytes($"--{Boundary}--\r\n");

    private static readonly string FileHeaders = "Content-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\nContent-Type: image/png";

    public static TheoryData<string, string, byte[], HttpStatusCode> MalformedMultipart => new()
    {
        { "no boundary", "multipart/form-data", [.. Part(FileHeaders, Png), .. End], HttpStatusCode.BadRequest },
        { "a boundary of 71 characters", $"multipart/form-data; boundary={new string('b', 71)}", [.. Part(FileHeaders, Png), .. End], HttpStatusCode.BadRequest },
        { "the wrong boundary", "multipart/form-data; boundary=another", [.. Part(FileHeaders, Png), .. End], HttpStatusCode.BadRequest },
        { "truncated inside the file", $"multipart/form-data; boundary={Boundary}", Part(FileHeaders, Png)[..60], HttpStatusCode.BadRequest },
        { "no closing boundary", $"multipart/form-data; boundary={Boundary}", Part(FileHeaders, Png), HttpStatusCode.BadRequest },
        { "2,000 fields", $"multipart/form-data; boundary={Boundary}", [.. Enumerable.Range(0, 2000).SelectMany(i => Part($"Content-Disposition: form-data; name=\"f{i}\"", "x"u8.ToArray())), .. End], HttpStatusCode.BadRequest },
        { "a 20 KB part header", $"multipart/form-data; boundary={Boundary}", [.. Part(FileHeaders + "\r\nX-Padding: " + new string('p', 20_000), Png), .. End], HttpStatusCode.BadRequest },
        { "no image field", $"multipart/form-data; boundary={Boundary}", [.. Part("Content-Disposition: form-data; name=\"picture\"; filename=\"x.png\"", Png), .. End], HttpStatusCode.BadRequest },
        { "an image field that is not a file", $"multipart/form-data; boundary={Boundary}", [.. Part("Content-Disposition: form-data; name=\"image\"", Png), .. End], HttpStatusCode.BadRequest },
        { "an empty body", $"multipart/form-data; boundary={Boundary}", [], HttpStatusCode.BadRequest },
        { "a file over the limit", $"multipart/form-data; boundary={Boundary}", [.. Part(FileHeaders, new byte[2_100_000]), .. End], HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(MalformedMultipart))]
    public async Task Malformed_multipart_gets_a_problem_and_stores_nothing(string what, string contentType, byte[] body, HttpStatusCode status)
    {
        var before = await fixture.PredictionCount();
        using var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await fixture.App.Http.PostAsync("/api/predict", content);

        await ExploreApiTests.AssertProblem(response, status);
        var after = await fixture.PredictionCount();
        Assert.True(before == after, $"{what}: {after - before} rows were written");
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("multipart/form-data; boundary=" + Boundary)]
    public async Task A_chunked_body_without_a_length_is_cut_off_at_the_limit_with_a_problem_and_no_temp_files(string contentType)
    {
        var tempFiles = TempFiles();
        var before = await fixture.PredictionCount();
        var prefix = contentType.StartsWith("multipart", StringComparison.Ordinal) ? Encoding.ASCII.GetBytes($"--{Boundary}\r\n{FileHeaders}\r\n\r\n") : [];

        var response = await RawHttp.PostChunkedAsync(fixture.App.Http.BaseAddress!, "/api/predict", contentType, new EndlessStream(prefix, total: 28_000_000));

        Assert.Equal(413, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("\"status\":413", response.Body, StringComparison.Ordinal);
        Assert.Equal(before, await fixture.PredictionCount());
        Assert.Empty(TempFiles().Except(tempFiles));
    }

    private static HashSet<string> TempFiles() => [.. Directory.EnumerateFiles(Path.GetTempPath(), "ASPNETCORE_*")];

    /// <summary>A body of a given size that exists nowhere in full, sent without a Content-Length.</summary>
    private sealed class EndlessStream(byte[] prefix, long total) : Stream
    {
        private long position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, total - position);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = position + i < prefix.Length ? prefix[position + i] : (byte)'x';
            }

            position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
