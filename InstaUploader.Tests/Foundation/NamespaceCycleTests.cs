using System.Reflection;
using System.Reflection.Emit;

namespace InstaUploader.Tests.Foundation;

/// <summary>
/// Namespaces of the Web and the Worker must not depend on each other in loops, so a newcomer can read one folder after
/// another, each leaning only on those read before. The graph counts every use of a type (signatures, base types,
/// attributes and the IL of method bodies, lambdas and async state machines included): what the compiler sees. The
/// dependencies that still close a loop are listed with why in <see cref="LoopsFile"/>; a new loop fails, and so does
/// a listed dependency that is gone (take it off the list).
/// </summary>
public sealed class NamespaceCycleTests
{
    private const string LoopsFile = "InstaUploader.Tests/Foundation/namespace-loops.txt";

    [Theory]
    [InlineData(typeof(InstaUploader.Web.Features.ControlPlane))]
    [InlineData(typeof(InstaUploader.Worker.Jobs.ClaimLoop))]
    public void Namespaces_depend_on_each_other_without_loops(Type anyTypeOfTheAssembly)
    {
        var assembly = anyTypeOfTheAssembly.Assembly;
        var graph = NamespaceGraph(assembly);
        var known = KnownLoopEdges().Where(e => e.From.StartsWith(assembly.GetName().Name + ".", StringComparison.Ordinal)
            || e.From == assembly.GetName().Name).ToList();

        var gone = known.Where(e => !graph.TryGetValue(e.From, out var to) || !to.ContainsKey(e.To)).ToList();
        foreach (var (from, to) in known)
        {
            if (graph.TryGetValue(from, out var edges))
            {
                edges.Remove(to);
            }
        }

        var loops = StronglyConnected(graph).Where(c => c.Count > 1).Select(c => string.Join(" ↔ ", c.Order(StringComparer.Ordinal))).ToList();
        Assert.True(loops.Count == 0 && gone.Count == 0,
            $"Namespace loops in {assembly.GetName().Name} (cut one of the dependencies shown, or list it with why in {LoopsFile}):\n"
            + string.Join("\n", loops.Select(c => c + Why(graph, c)))
            + $"\nListed in {LoopsFile} but gone (take them off):\n{string.Join("\n", gone.Select(e => $"{e.From} -> {e.To}"))}");
    }

    /// <summary>Lines "From -> To | why" (namespaces without the InstaUploader. prefix); # starts a comment.</summary>
    private static List<(string From, string To)> KnownLoopEdges()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "InstaUploader.sln")))
        {
            dir = dir.Parent;
        }

        var path = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("InstaUploader.sln not found above the test binaries."), LoopsFile);
        return [.. File.ReadAllLines(path)
            .Select(l => l.Split('#')[0].Split('|')[0].Trim())
            .Where(l => l.Length > 0)
            .Select(l => l.Split("->", StringSplitOptions.TrimEntries))
            .Select(p => ("InstaUploader." + p[0], "InstaUploader." + p[1]))];
    }

    /// <summary>For a loop, which types make each edge, so the message says where to cut.</summary>
    private static string Why(Dictionary<string, Dictionary<string, HashSet<string>>> graph, string cycle)
    {
        var members = cycle.Split(" ↔ ").ToHashSet();
        var edges = members.SelectMany(from => graph[from].Where(e => members.Contains(e.Key))
            .Select(e => $"    {Short(from)} → {Short(e.Key)}: {string.Join(", ", e.Value.Order().Take(4))}"));
        return "\n" + string.Join("\n", edges);
    }

    private static string Short(string ns) => ns.Split('.')[^1];

    /// <summary>namespace → (namespace it uses → the using types).</summary>
    private static Dictionary<string, Dictionary<string, HashSet<string>>> NamespaceGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, HashSet<string>>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (type.Namespace is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new(StringComparer.Ordinal);
            foreach (var used in UsedTypes(type).SelectMany(Flatten))
            {
                if (used.Assembly == assembly && used.Namespace is { } to && to != from)
                {
                    (edges.TryGetValue(to, out var by) ? by : edges[to] = []).Add(Outermost(type).Name);
                }
            }
        }

        return graph;
    }

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (var a in type.CustomAttributes)
        {
            yield return a.AttributeType;
        }

        foreach (var f in type.GetFields(Declared))
        {
            yield return f.FieldType;
        }

        foreach (var p in type.GetProperties(Declared))
        {
            yield return p.PropertyType;
        }

        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo m)
            {
                yield return m.ReturnType;
            }

            foreach (var p in method.GetParameters())
            {
                yield return p.ParameterType;
            }

            foreach (var used in BodyTypes(method))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<Type> Flatten(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Flatten(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        yield return type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Flatten))
            {
                yield return t;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body names: the declaring types of what it calls, reads and makes, and its type tokens.</summary>
    private static List<Type> BodyTypes(MethodBase method)
    {
        var found = new List<Type>();
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (InvalidOperationException)
        {
            return found;
        }

        if (il is null)
        {
            return found;
        }

        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[++i]) : il[i];
            i++;
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                break;
            }

            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    try
                    {
                        switch (method.Module.ResolveMember(token, typeArgs, methodArgs))
                        {
                            case Type t: found.Add(t); break;
                            case MethodBase m: found.Add(m.DeclaringType!); found.AddRange(m.GetParameters().Select(p => p.ParameterType)); if (m is MethodInfo mi) { found.Add(mi.ReturnType); found.AddRange(mi.IsGenericMethod ? mi.GetGenericArguments() : []); } break;
                            case FieldInfo f: found.Add(f.DeclaringType!); found.Add(f.FieldType); break;
                        }
                    }
                    catch (Exception ex) when (ex is ArgumentException or TypeLoadException or BadImageFormatException or FileNotFoundException)
                    {
                        // A member of an assembly not loaded here belongs to neither of ours.
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (BitConverter.ToInt32(il, i) * 4);
                    break;
                default:
                    i += OperandSize(op.OperandType);
                    break;
            }
        }

        return found;
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    /// <summary>Tarjan's strongly connected components.</summary>
    private static List<List<string>> StronglyConnected(Dictionary<string, Dictionary<string, HashSet<string>>> graph)
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<List<string>>();

        void Visit(string v)
        {
            indices[v] = low[v] = index++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in graph.TryGetValue(v, out var edges) ? edges.Keys.ToList() : [])
            {
                if (!indices.TryGetValue(w, out var seen))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], seen);
                }
            }

            if (low[v] == indices[v])
            {
                var component = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    component.Add(w);
                }
                while (w != v);
                result.Add(component);
            }
        }

        foreach (var v in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!indices.ContainsKey(v))
            {
                Visit(v);
            }
        }

        return result;
    }
}
