/**
 * A small builder over onnx-proto for the graphs we write from TypeScript (the corpus-learnt
 * static embedder, the e5-small-sized encoder for benchmarks, test fixtures). Node-only: the app
 * reads models, it never writes them.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type TensorType = 'float' | 'int8' | 'int64' | 'uint8' | 'int32' | 'bool';

const ELEM: Record<TensorType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int8: onnx.TensorProto.DataType.INT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

type Attr = number | number[] | string | { floats: number[] };

export class GraphBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private counter = 0;

  input(name: string, type: TensorType, dims: (number | string)[]): string {
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  output(name: string, type: TensorType, dims: (number | string)[]): void {
    this.outputs.push(valueInfo(name, type, dims));
  }

  /** A constant tensor stored in the model (weights, shapes, scalars). */
  constant(name: string, type: TensorType, dims: number[], data: ArrayBufferView | number[]): string {
    const raw = Array.isArray(data) ? typedOf(type, data) : data;
    this.initializers.push(onnx.TensorProto.create({
      name, dataType: ELEM[type], dims,
      rawData: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength),
    }));
    return name;
  }

  /** Adds one node; returns its output names (one unless `outputs` says more). */
  op(type: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs = 1, name?: string): string[] {
    const base = name ?? `${type.toLowerCase()}_${this.counter++}`;
    const outs = outputs === 1 ? [base] : Array.from({ length: outputs }, (_, i) => `${base}_${i}`);
    this.nodes.push(onnx.NodeProto.create({ opType: type, input: inputs, output: outs, name: base, attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)) }));
    return outs;
  }

  /** Same as `op` for one output. */
  one(type: string, inputs: string[], attrs: Record<string, Attr> = {}, name?: string): string {
    return this.op(type, inputs, attrs, 1, name)[0]!;
  }

  /** Renames the last produced value to a graph output name by an Identity node. */
  encode(docString: string, opset = 17, metadata: Record<string, string> = {}): Uint8Array {
    const graph = onnx.GraphProto.create({ name: 'comptoir', node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs });
    const model = onnx.ModelProto.create({
      irVersion: 8, producerName: 'comptoir', docString, graph,
      opsetImport: [onnx.OperatorSetIdProto.create({ domain: '', version: opset })],
      metadataProps: Object.entries(metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function typedOf(type: TensorType, data: number[]): ArrayBufferView {
  switch (type) {
    case 'float': return new Float32Array(data);
    case 'int8': return new Int8Array(data);
    case 'uint8': return new Uint8Array(data);
    case 'int32': return new Int32Array(data);
    case 'int64': return new BigInt64Array(data.map(BigInt));
    case 'bool': return new Uint8Array(data);
  }
}

function valueInfo(name: string, type: TensorType, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: ELEM[type],
        shape: onnx.TensorShapeProto.create({ dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }),
      }),
    }),
  });
}

function attribute(name: string, value: Attr) {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? onnx.AttributeProto.create({ name, type: T.INT, i: value }) : onnx.AttributeProto.create({ name, type: T.FLOAT, f: value });
  }
  if (typeof value === 'string') return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(value) });
  if (Array.isArray(value)) return onnx.AttributeProto.create({ name, type: T.INTS, ints: value });
  return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: value.floats });
}
