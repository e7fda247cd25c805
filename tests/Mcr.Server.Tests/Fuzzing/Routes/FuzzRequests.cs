using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mcr.Core.Manifests;
using Mcr.Testing.Fuzzing;

namespace Mcr.Server.Tests.Fuzzing.Routes;

/// <summary>
/// Generated requests for every route of the server: a valid path for the route (often naming the seeded
/// repository, blobs, manifest and upload), then perhaps mutated; the route's methods or any other; the
/// query parameters the route reads, with good, bad and mutated values; random headers and bodies.
/// </summary>
internal static class FuzzRequests
{
    private static readonly string[] _methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND", "get"];

    private static readonly Gen<string> _name = Gen.Frequency(
        (4, Gen.Constant(SeededContent.Repository)),
        (2, ValidInputs.RepositoryName),
        (1, Gen.Elements("a", "UPPER/case", "a/../b", "x%2F..%2Fy", "-lead", "trail-", "a//b", new string('a', 256))));

    private static readonly Gen<string> _digest = Gen.Frequency(
        (3, Gen.Elements(SeededContent.LayerDescriptor.Digest.ToString(), SeededContent.ConfigDescriptor.Digest.ToString(), SeededContent.ManifestDigest.ToString())),
        (2, ValidInputs.Digest),
        (1, Gen.Elements("sha256:short", "sha512:" + new string('f', 64), "md5:abc", "sha256:" + new string('A', 64), ":", "sha256")));

    private static readonly Gen<string> _reference = Gen.Frequency(
        (3, Gen.Constant(SeededContent.Tag)),
        (3, _digest),
        (2, ValidInputs.Tag));

    // never the admin the fuzzer authenticates as: disabling it would end the run's credentials
    private static readonly Gen<string> _username = Gen.Frequency(
        (3, Gen.Elements("nobody", "fuzz-user", "ci-bot")),
        (1, Gen.Elements("UPPER", "-lead", "a b", "%00", new string('a', 65), "..")));

    private static readonly Gen<string> _upload = Gen.Frequency(
        (4, Gen.Constant(SeededContent.UploadPlaceholder)),
        (1, Gen.Elements("not-a-guid", "00000000-0000-0000-0000-000000000000", Guid.Empty.ToString("N"), "-1")));

    /// <summary>Valid-looking paths, one generator per route family, with the methods the route serves.</summary>
    private static readonly Gen<(string Path, string[] Methods, string Route)> _routes = Gen.OneOf(
        Route("/v2/", "ping", "GET", "HEAD"),
        Route("/v2", "ping", "GET"),
        Route("/v2/_catalog", "catalog", "GET"),
        Route("/v2/token", "token", "GET", "POST"),
        _name.SelectMany(n => _digest.Select(d => $"/v2/{n}/blobs/{d}")).Select(p => (p, new[] { "GET", "HEAD", "DELETE" }, "blob")),
        _name.Select(n => $"/v2/{n}/blobs/uploads/").Select(p => (p, new[] { "POST" }, "upload start")),
        _name.SelectMany(n => _upload.Select(u => $"/v2/{n}/blobs/uploads/{u}")).Select(p => (p, new[] { "PATCH", "PUT", "GET", "DELETE" }, "upload")),
        _name.SelectMany(n => _reference.Select(r => $"/v2/{n}/manifests/{r}")).Select(p => (p, new[] { "GET", "HEAD", "PUT", "DELETE" }, "manifest")),
        _name.Select(n => $"/v2/{n}/tags/list").Select(p => (p, new[] { "GET" }, "tags")),
        _name.SelectMany(n => _digest.Select(d => $"/v2/{n}/referrers/{d}")).Select(p => (p, new[] { "GET" }, "referrers")),
        Route("/v1/health", "health", "GET"),
        Route("/readyz", "readiness", "GET"),
        Route("/metrics", "metrics", "GET"),
        Route("/v1/auth/login", "login", "POST"),
        Route("/v1/auth/logout", "logout", "POST"),
        Route("/v1/repositories", "repositories", "GET"),
        _name.Select(n => $"/v1/repositories/{n}").Select(p => (p, new[] { "GET", "DELETE" }, "repository")),
        // the admin tag and manifest routes take the repository in the query; the generated query follows this one
        _name.SelectMany(n => ValidInputs.Tag.Select(t => $"/v1/tags?repository={n}&tag={t}")).Select(p => (p, new[] { "GET", "DELETE" }, "tags admin")),
        _name.SelectMany(n => _reference.Select(r => $"/v1/manifests?repository={n}&reference={r}")).Select(p => (p, new[] { "GET" }, "manifest admin")),
        Route("/v1/stats", "stats", "GET"),
        Route("/v1/accounts", "accounts", "GET", "POST"),
        _username.Select(u => $"/v1/accounts/{u}").Select(p => (p, new[] { "GET" }, "account")),
        _username.SelectMany(u => Gen.Elements("disable", "enable", "token").Select(a => $"/v1/accounts/{u}/{a}"))
            .Select(p => (p, new[] { "POST" }, "account action")),
        _username.Select(u => $"/v1/accounts/{u}/password").Select(p => (p, new[] { "PUT" }, "account password")),
        Route("/v1/policy/rules", "policy rules", "GET", "POST"),
        Gen.Elements("1", "2", "0", "-7", "99999999999999999999", "abc").Select(id => ($"/v1/policy/rules/{id}", new[] { "GET", "PATCH", "DELETE" }, "policy rule")),
        Route("/v1/audit", "audit", "GET"),
        Route("/v1/snapshot", "snapshot", "POST"),
        Route("/v1/gc", "gc", "POST"),
        Route("/v1/gc/reconcile", "gc reconcile", "POST"),
        Route("/v1/gc/status", "gc status", "GET"),
        Route("/", "unknown", "GET"),
        Route("/v3/nothing", "unknown", "GET"));

    private static Gen<(string, string[], string)> Route(string path, string route, params string[] methods) =>
        Gen.Constant((path, methods, route));

    private static readonly Gen<string> _queryValue = Gen.Frequency(
        (3, Gen.Elements("", "1", "0", "-1", "10", "99999999999999999999", "latest", "v1", "x", "%00", "%FF", "%zz", "a%20b",
            SeededContent.Repository, "fuzz/other", "../../etc", "true", "maybe", "2026-13-45", "registry:push", "repository:fuzz/app:pull,push",
            ManifestMediaTypes.OciManifest, "application/vnd.example+json")),
        (2, _digest.Select(Uri.EscapeDataString)),
        (2, ValidInputs.Tag),
        (1, Mutations.Junk(20).Select(Uri.EscapeDataString)));

    private static readonly Gen<string> _query =
        from count in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 3)))
        from pairs in Gen.ArrayOf(
            from key in Gen.Elements("digest", "mount", "from", "n", "last", "artifactType", "tag", "service", "scope", "account",
                "offset", "since", "until", "event_type", "repository", "delete_untagged", "dry_run", "grant_type", "q", "reference", "%", "")
            from value in _queryValue
            select key + "=" + value, count)
        select count == 0 ? "" : "?" + string.Join('&', pairs);

    private static readonly Gen<(string, string)> _header = Gen.OneOf(
        from value in Mutations.Mixed(Gen.Elements("0-9", "bytes 0-9/10", "bytes=0-0", "10-5", "0-99999999999999999999", "0-1023", "*"))
        select ("Content-Range", value),
        from value in Mutations.Mixed(Gen.Elements("bytes=0-9", "bytes=5-", "bytes=-5", "bytes=0-0,2-3", "bytes=99999999-", "items=0-1"))
        select ("Range", value),
        from value in Gen.Elements(ManifestMediaTypes.OciManifest, ManifestMediaTypes.OciIndex, ManifestMediaTypes.DockerManifest, "*/*", "text/html",
            "application/json;q=0.5, */*;q=0.1", ";;;", "application/vnd.oci.image.manifest.v1+json; q=nan")
        select ("Accept", value),
        from value in Gen.Elements("*", "\"sha256:abc\"", "W/\"x\"", "\"" + SeededContent.ManifestDigest + "\"")
        select ("If-None-Match", value),
        from value in _digest
        select ("Docker-Content-Digest", value),
        from value in Gen.Elements("1.2.3.4", "unknown", "::1, 10.0.0.1", "")
        select ("X-Forwarded-For", value));

    private static readonly Gen<string> _jsonBody = Gen.Elements(
        """{"priority": 10, "description": "fuzz", "effect": "deny", "actions": ["registry:push"], "repositories": ["fuzz/*"]}""",
        """{"priority": 20, "enabled": false, "description": "paused"}""",
        """{"username": "nobody", "password": "wrong-password-for-fuzz"}""",
        """{"username": "ci-bot", "type": "system", "roles": ["guest"]}""",
        """{"password": "a-new-password-for-fuzz"}""",
        """{"repository": "fuzz/app", "dry_run": true}""",
        """{"a":""", "[1,2,3]", "null", "\"text\"", "{}", """{"priority": "high"}""", """{"effect": 7, "actions": "all"}""");

    private static readonly Gen<(byte[]?, string?)> _body = Gen.Frequency(
        (2, Gen.Constant<(byte[]?, string?)>((null, null))),
        (2, from mutated in Mutations.OfBytes(SeededContent.Manifest)
            from type in Gen.Elements<string?>(ManifestMediaTypes.OciManifest, ManifestMediaTypes.OciIndex, ManifestMediaTypes.DockerManifest, "application/json", null)
            select ((byte[]?)mutated, type)),
        (1, Gen.Constant<(byte[]?, string?)>((SeededContent.Manifest, ManifestMediaTypes.OciManifest))),
        (2, from json in Gen.OneOf(_jsonBody, _jsonBody.SelectMany(Mutations.Of))
            select ((byte[]?)Encoding.UTF8.GetBytes(json), (string?)"application/json")),
        (1, from bytes in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b))
            from type in Gen.Elements<string?>("application/octet-stream", null, "text/plain", "multipart/form-data; boundary=x")
            select ((byte[]?)bytes, type)),
        (1, Gen.Elements("grant_type=password&username=nobody&password=x&service=mcr", "grant_type=%%%&username=", "scope=repository:fuzz/app:pull")
            .Select(form => ((byte[]?)Encoding.UTF8.GetBytes(form), (string?)"application/x-www-form-urlencoded"))));

    private static readonly Gen<(FuzzAuth, string?)> _auth = Gen.Frequency(
        (8, Gen.Constant<(FuzzAuth, string?)>((FuzzAuth.Admin, null))),
        (1, Gen.Constant<(FuzzAuth, string?)>((FuzzAuth.None, null))),
        (1, Gen.Elements("Bearer junk", "Bearer ", "Basic !!!", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("nobody:wrong")), "Negotiate abc", "Bearer a.b.c")
            .Select(header => (FuzzAuth.Junk, (string?)header))));

    public static readonly Gen<FuzzRequest> All =
        from route in _routes
        from path in Gen.Frequency((3, Gen.Constant(route.Path)), (2, Mutations.Of(route.Path)))
        from method in Gen.Frequency((4, Gen.Elements(route.Methods)), (1, Gen.Elements(_methods)))
        from query in _query
        from headerCount in Gen.Choose(0, 3)
        from headers in Gen.ArrayOf(_header, headerCount)
        from body in _body
        from auth in _auth
        select new FuzzRequest(route.Route, method, path, query, headers, body.Item1, body.Item2, auth.Item1, auth.Item2);
}
