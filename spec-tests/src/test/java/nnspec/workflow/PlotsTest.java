package nnspec.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import nnspec.diagnostics.SpecException;
import nnspec.interpret.Interpreter;
import nnspec.model.Spec;
import nnspec.pipeline.Job;
import nnspec.pipeline.Plots;
import nnspec.read.SpecReader;
import nnspec.runtime.Dataset;
import nnspec.runtime.Model;
import nnspec.runtime.Trainer;
import nnspec.runtime.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.w3c.dom.Document;

/**
 * The pictures: the series each chart holds (names and numbers from the run's history), and that the files written
 * are a PNG of the chart's size and well-formed SVG naming the series.
 */
class PlotsTest {
    @TempDir
    Path dir;

    private static final String XOR = """
            network Xor {
              input 2
              dense 2 tanh init uniform -1 1 seed 7
              dense 1 sigmoid init uniform -1 1 seed 8
            }
            train { loss bce optimizer sgd lr 0.5 epochs 300 order shuffled seed 1 }
            data {
              0 0 -> 0
              0 1 -> 1
              1 0 -> 1
              1 1 -> 0
            }
            """;

    private record Run(Model model, Dataset data, Trainer.History history) {
    }

    private static Run xor(boolean validation) throws SpecException {
        Spec spec = SpecReader.parse("xor.nn", XOR);
        Model model = new Interpreter(spec.network(), spec.train());
        Dataset data = new Dataset(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}},
                new double[][] {{0}, {1}, {1}, {0}});
        Trainer.History history = Trainer.fit(model, data, validation ? data : null, Job.plan(spec.train()), null,
                new TrainingListener() {
                });
        return new Run(model, data, history);
    }

    @Test
    void lossAndAccuracyChartsHoldTheHistorysSeries() throws SpecException {
        Run run = xor(true);
        XYChart loss = Plots.loss(run.history());
        assertEquals(List.of("training loss", "validation loss"), List.copyOf(loss.getSeriesMap().keySet()));
        XYSeries training = loss.getSeriesMap().get("training loss");
        assertEquals(300, training.getXData().length);
        assertEquals(1.0, training.getXData()[0]);
        assertEquals(run.history().epochs().get(41).loss(), training.getYData()[41], 0.0);
        assertEquals(run.history().epochs().get(299).validation().loss(),
                loss.getSeriesMap().get("validation loss").getYData()[299], 0.0);
        XYChart accuracy = Plots.accuracy(run.history());
        assertEquals(List.of("training accuracy", "validation accuracy"),
                List.copyOf(accuracy.getSeriesMap().keySet()));
        assertEquals(1.0, accuracy.getSeriesMap().get("validation accuracy").getYData()[299], 0.0, "XOR learnt");
        assertEquals(List.of("training loss"), List.copyOf(Plots.loss(xor(false).history()).getSeriesMap().keySet()));
    }

    @Test
    void theDecisionRegionsOfXorPutEachSampleInItsOwnClass() throws SpecException {
        Run run = xor(false);
        XYChart chart = Plots.decisionBoundary(run.model(), run.data(), p -> p, List.of());
        assertEquals(List.of("region 0", "region 1", "class 0", "class 1"), List.copyOf(chart.getSeriesMap().keySet()));
        int grid = chart.getSeriesMap().get("region 0").getXData().length
                + chart.getSeriesMap().get("region 1").getXData().length;
        assertEquals(Plots.GRID * Plots.GRID, grid);
        assertArrayEquals(new double[] {0, 1}, chart.getSeriesMap().get("class 0").getXData(), 0.0);
        assertArrayEquals(new double[] {0, 1}, chart.getSeriesMap().get("class 0").getYData(), 0.0);
        // the grid's corners (-0.1, -0.1) and (1.1, 1.1) lie beyond the class-0 samples (0, 0) and (1, 1)
        double[] xs = chart.getSeriesMap().get("region 0").getXData();
        double[] ys = chart.getSeriesMap().get("region 0").getYData();
        boolean lowCorner = false;
        boolean highCorner = false;
        for (int k = 0; k < xs.length; k++) {
            lowCorner |= xs[k] == -0.1 && ys[k] == -0.1;
            highCorner |= Math.abs(xs[k] - 1.1) < 1e-12 && Math.abs(ys[k] - 1.1) < 1e-12;
        }
        assertTrue(lowCorner && highCorner, "corners next to the class-0 samples are class 0");
    }

    @Test
    void theFilesAreAPngOfTheChartsSizeAndWellFormedSvg() throws Exception {
        List<Path> files = Plots.write(Plots.loss(xor(true).history()), dir.resolve("loss"));
        assertEquals(List.of(dir.resolve("loss.png"), dir.resolve("loss.svg")), files);
        BufferedImage image = ImageIO.read(files.get(0).toFile());
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // the SVG names its DTD on the web; well-formedness needs no network
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document svg = factory.newDocumentBuilder().parse(files.get(1).toFile());
        assertEquals("svg", svg.getDocumentElement().getTagName());
        assertEquals(Plots.WIDTH + "px", svg.getDocumentElement().getAttribute("width"));
        assertEquals(Plots.HEIGHT + "px", svg.getDocumentElement().getAttribute("height"));
    }
}
