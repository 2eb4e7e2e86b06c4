package nnspec.pipeline;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnspec.runtime.AtomicFiles;
import nnspec.runtime.Dataset;
import nnspec.runtime.Decision;
import nnspec.runtime.EpochReport;
import nnspec.runtime.Model;
import nnspec.runtime.ModelFile;
import nnspec.runtime.Trainer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures of a training run, drawn with XChart without a display (java.awt.headless): loss and accuracy per
 * epoch for the training part (the epoch's sample-wise averages) and the validation part; for a classifier of two
 * inputs, its decision regions over the data with the training samples on top. Each is written as PNG and SVG.
 */
public final class Plots {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;
    /** Grid points per axis of the decision-boundary picture. */
    public static final int GRID = 80;
    private static final Color[] CLASS_COLORS = {new Color(31, 119, 180), new Color(255, 127, 14),
        new Color(44, 160, 44), new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
        new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    private Plots() {
    }

    /** Loss per epoch: the training series and, with a validation part, the validation series. */
    public static XYChart loss(Trainer.History history) {
        return perEpoch(history, "loss", EpochReport::loss, r -> r.validation().loss());
    }

    /** Accuracy per epoch, as {@link #loss}. */
    public static XYChart accuracy(Trainer.History history) {
        return perEpoch(history, "accuracy", EpochReport::accuracy, r -> r.validation().accuracy());
    }

    private static XYChart perEpoch(Trainer.History history, String what,
            java.util.function.ToDoubleFunction<EpochReport> training,
            java.util.function.ToDoubleFunction<EpochReport> validation) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(what + " per epoch").xAxisTitle("epoch")
                .yAxisTitle(what).build();
        List<Double> epochs = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> held = new ArrayList<>();
        for (EpochReport r : history.epochs()) {
            epochs.add((double) r.epoch());
            train.add(training.applyAsDouble(r));
            if (r.hasValidation()) {
                held.add(validation.applyAsDouble(r));
            }
        }
        chart.addSeries("training " + what, epochs, train).setMarker(SeriesMarkers.NONE);
        if (held.size() == epochs.size() && !held.isEmpty()) {
            chart.addSeries("validation " + what, epochs, held).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * The classes {@code model} predicts over a grid spanning the data's two inputs (with a margin of a tenth of
     * each range), one faint series per class, and the samples of {@code data} on top, one series per actual class.
     * {@code data} holds the inputs as they were read; {@code scale} turns a point into what the model takes.
     */
    public static XYChart decisionBoundary(Model model, Dataset data, java.util.function.UnaryOperator<double[]> scale,
            List<String> classNames) {
        Decision decision = model.decision();
        int classes = decision.classes(model.outputSize());
        double[] low = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] high = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] x : data.x()) {
            for (int d = 0; d < 2; d++) {
                low[d] = Math.min(low[d], x[d]);
                high[d] = Math.max(high[d], x[d]);
            }
        }
        for (int d = 0; d < 2; d++) {
            double margin = (high[d] - low[d]) / 10 + (high[d] == low[d] ? 1 : 0);
            low[d] -= margin;
            high[d] += margin;
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("decision regions of " + model.name())
                .xAxisTitle("input 0").yAxisTitle("input 1").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        List<List<double[]>> regions = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            regions.add(new ArrayList<>());
        }
        model.training(false);
        double[] yhat = new double[model.outputSize()];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double[] point = {low[0] + (high[0] - low[0]) * i / (GRID - 1),
                    low[1] + (high[1] - low[1]) * j / (GRID - 1)};
                model.forward(scale.apply(point), yhat);
                regions.get(decision.classOf(yhat)).add(point);
            }
        }
        for (int c = 0; c < classes; c++) {
            addPoints(chart, "region " + name(classNames, c), regions.get(c), faint(CLASS_COLORS[c % CLASS_COLORS.length]),
                    SeriesMarkers.SQUARE);
        }
        for (int c = 0; c < classes; c++) {
            List<double[]> samples = new ArrayList<>();
            for (int n = 0; n < data.size(); n++) {
                if (decision.classOf(data.y()[n]) == c) {
                    samples.add(data.x()[n]);
                }
            }
            addPoints(chart, "class " + name(classNames, c), samples, CLASS_COLORS[c % CLASS_COLORS.length].darker(),
                    SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static String name(List<String> classNames, int c) {
        return c < classNames.size() ? classNames.get(c) : Integer.toString(c);
    }

    private static Color faint(Color c) {
        return new Color((c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
    }

    private static void addPoints(XYChart chart, String name, List<double[]> points, Color color,
            org.knowm.xchart.style.markers.Marker marker) {
        if (points.isEmpty()) {
            return;
        }
        double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setMarker(marker);
        series.setMarkerColor(color);
    }

    /** Writes {@code chart} as {@code base}.png and {@code base}.svg, both or neither; returns both paths. */
    public static List<Path> write(XYChart chart, Path base) throws IOException {
        Map<Path, byte[]> files = render(chart, base);
        AtomicFiles.writeAll(files);
        return List.copyOf(files.keySet());
    }

    /**
     * {@code chart} as the bytes of {@code base}.png and {@code base}.svg, in that order, for a caller that writes
     * them together with its other outputs ({@link AtomicFiles#writeAll}).
     */
    public static Map<Path, byte[]> render(XYChart chart, Path base) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
        files.put(base.resolveSibling(base.getFileName() + ".png"), bytes.toByteArray());
        bytes.reset();
        VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        files.put(base.resolveSibling(base.getFileName() + ".svg"), bytes.toByteArray());
        return files;
    }
}
